import Foundation
import Store

/// The metrics thread's own database connection, used when a scrape comes and at most every
/// 5 s however often Prometheus scrapes; opened on first use, on that thread.
public final class ScrapeTimeDatabase: @unchecked Sendable {
    // Sendable: all mutable state is used under `lock`.
    private let lock = NSLock()
    private let open: () throws -> Database
    private var database: Database?
    private var throttle = RefreshThrottle(intervalSeconds: 5)

    public init(open: @escaping () throws -> Database) { self.open = open }

    /// Runs `body` under this object's lock when a refresh is due (with the connection, or why
    /// it could not be opened); otherwise does nothing.
    func whenDue(_ body: (Result<Database, any Error>) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard throttle.due(at: ProcessInfo.processInfo.systemUptime) else { return }
        body(Result { try opened() })
    }

    private func opened() throws -> Database {
        if let database { return database }
        StoreLibrary.threadStarted()
        let database = try open()
        self.database = database
        return database
    }

    /// Pings the database when due, so that `dro_db_up` stays current on a process that serves
    /// no requests (the database's observer records the outcome).
    public func pingIfDue() {
        whenDue { try? $0.get().ping() }
    }
}
