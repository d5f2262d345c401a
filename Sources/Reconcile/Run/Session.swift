import DockerEngine
import Store

/// One thread's connections: its own MariaDB connection and Docker client (neither may be
/// shared between threads).
final class Session {
    let settings: RunSettings
    let database: Database
    let docker: DockerClient

    init(_ settings: RunSettings) throws {
        self.settings = settings
        database = try Database(config: settings.config.database, role: .reconciler)
        let policy = settings.policy
        docker = try DockerClient(configuration: .init(
            socketPath: policy.dockerSocket, connectTimeout: .seconds(policy.dockerConnectTimeoutSeconds),
            requestTimeout: .seconds(policy.dockerRequestTimeoutSeconds), pullTimeout: .seconds(policy.pullTimeoutSeconds)))
    }

    /// Runs one piece of work whose failure concerns only itself: an error is logged and nil
    /// answered, unless the database or dockerd does not answer a ping, which ends the run.
    func contained<T>(_ what: @autoclosure () -> String, _ body: () throws -> T) throws(RunEnding) -> T? {
        do {
            return try body()
        } catch {
            try checkServices(after: error)
            settings.summary.add(\.errors)
            settings.summary.countIfDocker(error)
            settings.logger.warning("\(what()) failed: \(error)")
            return nil
        }
    }

    /// After an error: throws `RunEnding` when the database or dockerd does not answer a ping.
    func checkServices(after error: Error) throws(RunEnding) {
        if error is StoreError {
            do {
                try database.ping()
            } catch {
                throw RunEnding("the database does not answer: \(error)")
            }
        }
        if let docker = error as? DockerError {
            switch docker {
            case .transport, .timeout:
                do {
                    try self.docker.ping()
                } catch {
                    throw RunEnding("dockerd does not answer: \(error)")
                }
            default: break
            }
        }
    }
}

/// The database or dockerd does not answer: the run ends (and exits non-zero); nothing else does.
struct RunEnding: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
