import Core
import DockerEngine
import Foundation
import Store

/// One invocation of dro-reconcile. The main thread reports the host, sweeps, claims work fairly
/// and hands it to a pool of `parallelism` workers, renews leases and captures logs; once
/// (`--once`: until nothing is left) or until the time is up or a newer run takes over (`--for`),
/// then finishes what it holds.
final class ReconcileRun {
    private let settings: RunSettings
    private let session: Session
    private let sweeper: Sweeper
    private let intake: WorkIntake
    private let logs: LogCapture
    private let keeper: LeaseKeeper
    private let egress: EgressSync
    private let textfile: RunTextfile

    init(settings: RunSettings, session: Session, textfile: RunTextfile) {
        self.settings = settings
        self.session = session
        self.textfile = textfile
        sweeper = Sweeper(session: session)
        intake = WorkIntake(session: session)
        logs = LogCapture(session: session)
        keeper = LeaseKeeper(session: session)
        egress = EgressSync(session: session)
    }

    /// Runs until done (`duration` nil: one pass) or until `duration` seconds have passed.
    func run(for duration: Double?) throws {
        try prepare()
        let handover = duration.map { _ in RunHandover(session: session) }
        if let duration { try handover?.register(seconds: Int(duration.rounded(.up)) + settings.policy.leaseSeconds) }
        defer { _ = try? Leases(session.database).release(settings.runLease, owner: settings.owner) }
        let pool = WorkerPool(settings: settings)
        defer { pool.close() }

        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64((duration ?? 0) * 1000))
        let sweepEvery = Duration.seconds(settings.policy.sweepIntervalSeconds)
        let captureEvery = Duration.seconds(settings.policy.logCaptureIntervalSeconds)
        let poll = Double(min(settings.policy.pollIntervalMilliseconds, 200)) / 1000
        var lastSweep: ContinuousClock.Instant?
        var lastCapture: ContinuousClock.Instant?
        var claiming = true
        while true {
            if let ending = pool.runEnding { throw ending }
            _ = try session.contained("renewing leases") { try keeper.renewIfDue() }
            if claiming, duration != nil {
                let handedOver = try session.contained("checking the run hand-over") { try handover?.isHandedOver() } ?? false
                if clock.now >= deadline || handedOver == true { claiming = false }
            }
            var submitted = 0
            if claiming {
                if lastSweep.map({ clock.now - $0 >= sweepEvery }) ?? true {
                    try sweep()
                    lastSweep = clock.now
                    // A long run reports each cycle; a `--once` run reports only at its end.
                    if duration != nil { textfile.progress(settings.config, session.database, settings.logger) }
                }
                submitted = try fill(pool)
                if duration != nil, lastCapture.map({ clock.now - $0 >= captureEvery }) ?? true {
                    try capture()
                    lastCapture = clock.now
                }
            }
            let idle = pool.busy.isEmpty
            if duration == nil, idle, submitted == 0, !intake.hasFindings {
                try capture()
                break
            }
            if !claiming, idle { break }
            pool.waitForProgress(seconds: poll)
        }
        if let ending = pool.runEnding { throw ending }
    }

    /// Leases work for the free slots (a few rounds, as another worker may take a pick first).
    private func fill(_ pool: WorkerPool) throws(RunEnding) -> Int {
        var submitted = 0
        for _ in 0..<3 {
            let busy = pool.busy
            let free = settings.policy.parallelism - busy.count
            guard free > 0 else { break }
            let works = try session.contained("claiming work") { try intake.next(free: free, busy: busy) } ?? []
            works.forEach(pool.submit)
            submitted += works.count
            if works.count == free || works.isEmpty { break }
        }
        return submitted
    }

    private func sweep() throws(RunEnding) {
        let swept = try settings.summary.timed(\.sweepMilliseconds) { () throws(RunEnding) in
            try session.contained("sweeping") { try sweeper.sweep() }
        }
        if let findings = swept ?? nil { intake.replaceFindings(findings) }
        try egress.sync()
        _ = try session.contained("reporting the host") { try reportHost() }
    }

    private func capture() throws(RunEnding) {
        guard let rows = try session.contained("reading the host's containers", {
            try ContainerObservations(session.database).forHost(settings.hostKey)
        }) else { return }
        try settings.summary.timed(\.captureMilliseconds) { () throws(RunEnding) in try logs.capture(rows) }
    }

    /// The host must be known; its capacity is reported, dead local processes' leases freed and
    /// the egress rules put in place (or the host fails closed).
    private func prepare() throws {
        guard try FleetStore(session.database).host(settings.hostKey) != nil else {
            throw ReconcileError("unknown host key '\(settings.hostKey)': add it with `dro-admin host add \(settings.hostKey) --region REGION`")
        }
        try reportHost()
        try releaseDeadLeases()
        try egress.sync()
    }

    private func reportHost() throws {
        let info = try session.docker.info()
        try FleetStore(session.database).report(settings.hostKey, cpuCount: info.ncpu, memBytes: info.memTotal)
    }

    /// A run killed on this machine leaves leases behind: they are freed at once instead of
    /// waiting for them to expire.
    private func releaseDeadLeases() throws {
        let database = session.database
        let leases = Leases(database)
        let owners = try Set(JobQueue.leaseOwners(database, hostKey: settings.hostKey)
            + ContainerObservations(database).leaseOwners(hostKey: settings.hostKey)
            + settings.leasePrefixes.flatMap { try leases.owners(prefix: $0) })
        for text in owners {
            guard let owner = LeaseOwner(text), owner.isDeadLocalProcess else { continue }
            settings.logger.info("releasing the leases of a dead run", metadata: ["owner": "\(text)"])
            try JobQueue.expireLeases(database, owner: text)
            try ContainerObservations(database).expireLeases(owner: text)
            try leases.expire(owner: text)
        }
    }
}

struct ReconcileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
