import Config
import Foundation
import MariaDB

/// The MariaDB users; each binary (and each responder role) connects as its own.
public enum DatabaseRole: String, Sendable {
    case api, `operator`, reconciler, webhooks, admin
}

/// A connection with the store's policies: session settings, short lock waits, bounded
/// retries of deadlocks and lock-wait timeouts, and one reconnect when a connection went stale.
/// One per thread. The connection never leaves the store: callers use the aggregates, and see
/// only `StoreError` (and the domain's `APIError`).
public final class Database {
    let connection: Connection
    private let transactionAttempts: Int
    private let observer: (any DatabaseObserver)?

    /// `timeoutSeconds` caps the connect, read and write timeouts (30 s for reads and writes
    /// otherwise), for a caller that must answer quickly whether the database is there.
    public init(
        config: DatabaseConfig, role: DatabaseRole, transactionAttempts: Int = 4, observer: (any DatabaseObserver)? = nil,
        timeoutSeconds: UInt32? = nil
    ) throws {
        let credentials: DatabaseCredentials? = switch role {
        case .api: config.api
        case .operator: config.operator
        case .reconciler: config.reconciler
        case .webhooks: config.webhooks
        case .admin: config.admin
        }
        guard let credentials else {
            throw ConfigError("the config file has no database.\(role.rawValue) credentials")
        }
        connection = Connection(options: ConnectionOptions(
            endpoints: config.hosts.map(\.endpoint), tls: config.tls.map(\.settings),
            user: credentials.user, password: credentials.password, database: config.name,
            connectTimeoutSeconds: min(config.connectTimeoutSeconds, timeoutSeconds ?? .max),
            ioTimeoutSeconds: timeoutSeconds ?? 30,
            sessionSetup: [
                // READ COMMITTED: each statement sees the latest commits (the quota counters are
                // read after their rows are write-locked) and InnoDB takes no gap locks.
                "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
                "SET SESSION innodb_lock_wait_timeout = \(max(1, config.lockWaitTimeoutSeconds)), time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION'",
            ],
            // On a Galera cluster a read waits until this node applied every write the cluster
            // committed before it: a request sees what an earlier one wrote through another node.
            clusterSessionSetup: ["SET SESSION wsrep_sync_wait = 1"],
            returnProbeSeconds: config.returnProbeSeconds))
        self.transactionAttempts = max(1, transactionAttempts)
        self.observer = observer
    }

    /// Answers whether the database answers a trivial query (a health check, a ping).
    public func ping() throws {
        _ = try read { try $0.queryFirst("SELECT 1 AS ok") }
    }

    /// Runs `body` in a transaction and commits it. A deadlock or lock-wait timeout rolls back
    /// and runs it again, a bounded number of times; any other error rolls back and is rethrown,
    /// a driver error as a `StoreError`.
    @discardableResult
    func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        do {
            let result = try transactionAttempt(body)
            observer?.databaseReached(true)
            return result
        } catch let error as MariaDBError {
            throw reported(error)
        }
    }

    private func transactionAttempt<T>(_ body: (Connection) throws -> T) throws -> T {
        connection.returnToPreferredEndpointIfDue()
        var attempt = 1
        var reconnected = false
        var raced = false
        while true {
            var committing = false
            do {
                try connection.begin()
                EventOutbox.begin(connection)
                let result = try body(connection)
                try EventOutbox.flush(connection)
                committing = true
                try connection.commit()
                return result
            } catch let error as MariaDBError {
                EventOutbox.end(connection)
                connection.rollback()
                if error.isRetryableTransaction, attempt < (error.isDeadlock ? transactionAttempts : min(transactionAttempts, Self.lockWaitAttempts)) {
                    observer?.transactionRetried(error.isDeadlock ? .deadlock : .lockWaitTimeout)
                    attempt += 1
                    backOff(attempt)
                    continue
                }
                // A connection that died before COMMIT rolled the work back: safe to run it again
                // once, on the next ready host when its host is gone.
                // One that died during COMMIT leaves the outcome unknown: never retried.
                if error.isConnectionLost, !committing, !reconnected {
                    observer?.transactionRetried(.reconnect)
                    reconnected = true
                    continue
                }
                throw error
            } catch let race as TransactionRaced {
                EventOutbox.end(connection)
                connection.rollback()
                guard !raced else { throw race.error }
                raced = true
            } catch {
                EventOutbox.end(connection)
                connection.rollback()
                throw error
            }
        }
    }

    /// Runs reads outside a transaction, reconnecting once when the connection went stale.
    func read<T>(_ body: (Connection) throws -> T) throws -> T {
        connection.returnToPreferredEndpointIfDue()
        do {
            let result: T
            do {
                result = try body(connection)
            } catch let error as MariaDBError where error.isConnectionLost {
                result = try body(connection)
            }
            observer?.databaseReached(true)
            return result
        } catch let error as MariaDBError {
            throw reported(error)
        }
    }

    /// Tells the observer of an error that reaches the caller and wraps it for the caller.
    private func reported(_ error: MariaDBError) -> StoreError {
        observer?.databaseFailed()
        // Any other error came from a server that answered.
        observer?.databaseReached(!error.isConnectionLost)
        return StoreError(error)
    }

    /// Each lock-wait timeout already waited `lock_wait_timeout_seconds`: a few are enough.
    static let lockWaitAttempts = 4

    private func backOff(_ attempt: Int) {
        // Jittered pauses that double (up to 64-320 ms) so that colliding transactions do not
        // collide again in step, and a certification loser lets the winner's write set apply.
        usleep(UInt32(Int.random(in: 1_000...5_000) << min(attempt - 2, 6)))
    }
}

/// Process- and thread-level set-up of the database client library, for the binaries.
public enum StoreLibrary {
    /// Once, before any thread opens a database.
    public static func initialize() { MariaDBLibrary.initialize() }
    /// At the start of every thread that will open one.
    public static func threadStarted() { MariaDBLibrary.threadStarted() }
    /// When such a thread ends.
    public static func threadEnded() { MariaDBLibrary.threadEnded() }
}

extension DatabaseHost {
    var endpoint: DatabaseEndpoint {
        switch self {
        case .socket(let path): .socket(path)
        case .tcp(let host, let port): .tcp(host: host, port: port)
        }
    }
}

extension DatabaseTLS {
    var settings: TLSSettings {
        TLSSettings(caFile: caFile, verifyServerCertificate: verifyServerCertificate, certFile: certFile, keyFile: keyFile)
    }
}
