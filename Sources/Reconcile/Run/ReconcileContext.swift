import Config
import Core
import DockerEngine
import Logging
import Store

/// What every part of one run shares: the host, the lease owner, the database, Docker, the
/// hardening policy and the run's counts. One run is one thread.
final class ReconcileContext {
    let config: DROConfig
    let hostKey: String
    let owner: LeaseOwner
    let database: Database
    let docker: DockerClient
    let summary: RunSummary
    let logger: Logger
    let backoff: Backoff

    init(config: DROConfig, hostKey: String, database: Database, docker: DockerClient, summary: RunSummary, logger: Logger) {
        self.config = config
        self.hostKey = hostKey
        self.owner = .current()
        self.database = database
        self.docker = docker
        self.summary = summary
        self.logger = logger
        backoff = Backoff(
            initialSeconds: Int64(config.reconciler.backoffInitialSeconds), maximumSeconds: Int64(config.reconciler.backoffMaxSeconds))
    }

    var policy: ReconcilerConfig { config.reconciler }

    /// The labels that select this installation's objects on this host.
    var hostLabels: [String: String] {
        [ManagedLabels.installation: config.installationID, ManagedLabels.host: hostKey]
    }

    /// The actor recorded in events.
    var actor: String { "reconciler:\(hostKey)" }
}
