import MariaDB

/// The one error the store throws besides the domain's `APIError`: what went wrong, and whether
/// the database is unreachable (the API answers 503 and the reconciler pings before it goes on),
/// the operator's input was refused, or anything else failed (a 500).
public struct StoreError: Error, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The database cannot be reached, or kept refusing a transaction (lock waits, deadlocks).
        case unavailable
        /// An operator's request cannot be done ("no tenant 'x'").
        case invalid
        /// Anything else: a bug or a broken invariant.
        case failed
    }

    public let kind: Kind
    public let description: String

    public init(_ description: String, kind: Kind = .invalid) {
        self.kind = kind
        self.description = description
    }

    init(_ error: MariaDBError) {
        let unavailable = error.isConnectionLost || error.isRetryableTransaction || (2000..<3000).contains(error.code)
        self.init("database: \(error.message) (\(error.code))", kind: unavailable ? .unavailable : .failed)
    }
}
