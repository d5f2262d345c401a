import Core
import DockerEngine
import Foundation
import Store

/// One invocation of dro-reconcile: report the host, then drain jobs, sweep and capture logs,
/// once (`--once`) or on their schedules until the time is up (`--for`).
final class ReconcileRun {
    private let context: ReconcileContext
    private let networks: TenantNetworks
    private let worker: JobWorker
    private let sweeper: Sweeper
    private let logs: LogCapture
    private let firewall: EgressFirewall?

    init(context: ReconcileContext) {
        self.context = context
        firewall = context.policy.egressPolicy ? EgressFirewall() : nil
        networks = TenantNetworks(context: context, firewall: firewall)
        let converger = Converger(context: context, networks: networks)
        worker = JobWorker(context: context, converger: converger)
        sweeper = Sweeper(context: context, converger: converger, networks: networks)
        logs = LogCapture(context: context)
    }

    /// Runs until done (`duration` nil: one pass) or until `duration` seconds have passed.
    func run(for duration: Double?) throws {
        try prepare()
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64((duration ?? 0) * 1000))
        let sweepEvery = Duration.seconds(context.policy.sweepIntervalSeconds)
        let captureEvery = Duration.seconds(context.policy.logCaptureIntervalSeconds)
        var lastSweep: ContinuousClock.Instant?
        var lastCapture: ContinuousClock.Instant?
        repeat {
            let summary = context.summary
            try summary.timed(\.drainMilliseconds) { try worker.drain() }
            if lastSweep.map({ clock.now - $0 >= sweepEvery }) ?? true {
                try summary.timed(\.sweepMilliseconds) { try sweeper.sweep() }
                try reportHost()
                lastSweep = clock.now
            }
            if lastCapture.map({ clock.now - $0 >= captureEvery }) ?? true {
                try summary.timed(\.captureMilliseconds) {
                    try logs.capture(ContainerObservations(context.database.connection).forHost(context.hostKey))
                }
                lastCapture = clock.now
            }
            guard duration != nil, clock.now < deadline else { break }
            Thread.sleep(forTimeInterval: Double(min(context.policy.pollIntervalMilliseconds, 200)) / 1000)
        } while clock.now < deadline
    }

    /// The host must be known; its capacity is reported, dead local processes' leases freed and
    /// the egress rules put in place.
    private func prepare() throws {
        guard try FleetStore(context.database.connection).host(context.hostKey) != nil else {
            throw ReconcileError("unknown host key '\(context.hostKey)': add it with `dro-admin host add \(context.hostKey) --region REGION`")
        }
        try reportHost()
        try releaseDeadLeases()
        try firewall?.ensure(bridges: networks.all().compactMap { $0.options?["com.docker.network.bridge.name"] })
    }

    private func reportHost() throws {
        let info = try context.docker.info()
        try FleetStore(context.database.connection).report(context.hostKey, cpuCount: info.ncpu, memBytes: info.memTotal)
    }

    private func releaseDeadLeases() throws {
        let connection = context.database.connection
        let owners = Set(try JobQueue(connection).leaseOwners(hostKey: context.hostKey)
            + ContainerObservations(connection).leaseOwners(hostKey: context.hostKey))
        for text in owners {
            guard let owner = LeaseOwner(text), owner.isDeadLocalProcess else { continue }
            context.logger.info("releasing the leases of a dead run", metadata: ["owner": "\(text)"])
            try JobQueue(connection).expireLeases(owner: text)
            try ContainerObservations(connection).expireLeases(owner: text)
        }
    }
}

struct ReconcileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
