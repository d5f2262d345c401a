import Core
import Store

/// Keeps the host's egress rules in step with its tenant networks and the ranges operators
/// opened, at the start of a run and with every sweep. When the rules cannot be applied the
/// host fails closed: the error is recorded on the host (`dro-admin host list` shows it), the
/// run creates and starts nothing, still stops and removes, and exits 0.
final class EgressSync {
    private let session: Session
    private let networks: TenantNetworks
    private var settings: RunSettings { session.settings }

    init(session: Session) {
        self.session = session
        networks = TenantNetworks(session: session)
    }

    func sync() throws(RunEnding) {
        guard let policy = settings.egress else { return }
        let firewall = EgressFirewall(binary: settings.policy.iptables, policy: policy)
        let problem: String?
        do {
            let (bridges, allows) = try inputs()
            try firewall.sync(liveBridges: bridges, tenantAllows: allows)
            problem = nil
        } catch let error as EgressError {
            problem = error.description
        } catch {
            try session.checkServices(after: error)
            problem = "\(error)"
        }
        if let problem {
            settings.logger.error("egress rules not applied: failing closed", metadata: ["error": "\(problem)"])
        }
        settings.hostPolicy.record(problem)
        _ = try session.contained("recording the host's policy state") {
            try FleetStore(session.database).recordPolicyError(settings.hostKey, problem.map(TextColumn.errorText.fit))
        }
    }

    /// The host's live tenant bridges, and the ranges opened for each tenant bridge.
    private func inputs() throws -> ([String], [String: [IPv4CIDR]]) {
        let live = try networks.all()
        let allowances = try TenantStore.egressAllowances(session.database)
        var bridges = [String]()
        var allows = [String: [IPv4CIDR]]()
        for network in live {
            guard let bridge = network.options?["com.docker.network.bridge.name"] else { continue }
            bridges.append(bridge)
            guard let tenant = network.labels?[ManagedLabels.tenant], let texts = allowances[tenant] else { continue }
            allows[bridge] = texts.compactMap { text in
                do {
                    return try IPv4CIDR(text)
                } catch {
                    settings.logger.warning("ignoring an invalid egress range", metadata: ["tenant": "\(tenant)", "range": "\(text)"])
                    return nil
                }
            }
        }
        return (bridges, allows)
    }
}
