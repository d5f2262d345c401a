/// Thrown from a transaction's body when a concurrent transaction committed what this one was
/// about to insert (a duplicate key on a unique value it had looked up and found missing: under
/// READ COMMITTED a locking read of a missing value takes no gap lock). The transaction that owns
/// the connection rolls back and runs its body once more, where the lookup then finds the
/// committed row; a second race answers `error`.
struct TransactionRaced: Error {
    let error: any Error
}
