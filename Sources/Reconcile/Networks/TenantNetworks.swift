import Core
import DockerEngine

/// One bridge network per tenant per host key, created on demand and removed once the tenant
/// has no container left there. Bridges get a `drob…` device name the egress rules match.
/// One per session (thread): its cache is the thread's own.
final class TenantNetworks {
    private let session: Session
    private let firewall: EgressFirewall?
    /// Networks known to exist during this run, so a busy run does not inspect them again.
    private var ensured = Set<String>()

    init(session: Session) {
        self.session = session
        firewall = session.settings.egress.map { EgressFirewall(binary: session.settings.policy.iptables, policy: $0) }
    }

    private var settings: RunSettings { session.settings }

    /// The tenant's network name, created if missing.
    func ensure(tenantID: String) throws -> String {
        let name = try ManagedNames.network(tenantID: tenantID, hostKey: settings.hostKey)
        if ensured.contains(name) { return name }
        if try !session.docker.networkExists(name) {
            let bridge = try ManagedNames.bridge(network: name)
            let created = try session.docker.createNetworkUnlessPresent(NetworkCreateRequest(
                name: name,
                labels: settings.hostLabels.merging([ManagedLabels.tenant: tenantID]) { $1 },
                options: ["com.docker.network.bridge.name": bridge]))
            // Before any container joins: the isolation chain drops bridge traffic it does not
            // allow. The tenant's own opened ranges follow with the next sweep's sync.
            try firewall?.allow(bridge: bridge)
            if created { settings.logger.info("created network", metadata: ["network": "\(name)", "tenant": "\(tenantID)"]) }
        }
        ensured.insert(name)
        return name
    }

    /// Removes the tenant's network when no managed container of the tenant is left on the host.
    func removeIfUnused(tenantID: String) throws {
        let labels = settings.hostLabels.merging([ManagedLabels.tenant: tenantID]) { $1 }
        guard try session.docker.listContainers(labels: labels).isEmpty else { return }
        let name = try ManagedNames.network(tenantID: tenantID, hostKey: settings.hostKey)
        ensured.remove(name)
        if try session.docker.removeNetworkIfUnused(name) {
            settings.logger.info("removed network", metadata: ["network": "\(name)", "tenant": "\(tenantID)"])
        }
    }

    /// The managed networks of this host, for the egress rules.
    func all() throws -> [Network] {
        try session.docker.listNetworks(labels: settings.hostLabels)
    }
}
