/// Why a transaction ran again.
public enum TransactionRetryCause: String, Sendable, CaseIterable {
    case deadlock
    case lockWaitTimeout = "lock_wait_timeout"
    /// The connection was lost before COMMIT and the transaction ran again on a new one.
    case reconnect
}

/// What a `Database` reports of its own work, so that a binary can count it without the store
/// knowing how (the API's metrics install one). Called on the thread that owns the database.
public protocol DatabaseObserver: Sendable {
    /// A transaction was rolled back and runs again.
    func transactionRetried(_ cause: TransactionRetryCause)
    /// A database error reached the caller (after any retries).
    func databaseFailed()
    /// Whether the last interaction reached the database: `false` only when the connection was lost.
    func databaseReached(_ reached: Bool)
}
