import Foundation
import MariaDB

/// The events a transaction has written so far, held back until just before its COMMIT.
///
/// The feed's settle window assumes an event commits right after its id is taken, so an event
/// insert must be the last statement of its transaction: `Database.transaction` opens an outbox
/// for its connection, `EventLog.append` adds to it, and the transaction inserts them all, in
/// order, after its body (which may go on writing, and may be an operation nested in another's
/// transaction, such as an idempotency-keyed create). Keyed by connection, since the store's
/// aggregates are handed the connection alone; each connection serves one thread at a time.
enum EventOutbox {
    struct Pending {
        let values: [SQLValue]
    }

    private static let lock = NSLock()
    // Read and written only under `lock`.
    nonisolated(unsafe) private static var open: [ObjectIdentifier: [Pending]] = [:]

    static func begin(_ connection: Connection) {
        lock.withLock { open[ObjectIdentifier(connection)] = [] }
    }

    /// Holds the event back when a transaction is open on the connection; false otherwise.
    static func hold(_ event: Pending, on connection: Connection) -> Bool {
        lock.withLock {
            guard open[ObjectIdentifier(connection)] != nil else { return false }
            open[ObjectIdentifier(connection)]?.append(event)
            return true
        }
    }

    /// Closes the outbox, answering what it holds (nothing when the transaction is abandoned).
    @discardableResult
    static func end(_ connection: Connection) -> [Pending] {
        lock.withLock { open.removeValue(forKey: ObjectIdentifier(connection)) ?? [] }
    }

    /// Inserts what the transaction's body wrote: its last statements before COMMIT.
    static func flush(_ connection: Connection) throws {
        for event in end(connection) { try EventLog.insert(event, connection) }
    }
}
