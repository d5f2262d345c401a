import Core
import CryptoPrimitives
import MariaDB

/// The operations an operator create runs inside its keyed transaction.
public struct OperatorTransaction {
    let connection: Connection

    public var tenants: TenantLifecycle { TenantLifecycle(connection) }
    public var tokens: TokenStore { TokenStore(connection) }
    public var fleet: FleetOperations { FleetOperations(connection) }
    public var webhooks: WebhookStore { WebhookStore(connection) }
}

/// What a create made: its id, its status (201 is stored for replay; anything else is not) and
/// its body. A body carrying a secret is stored without it and never replayed.
public struct OperatorCreated: Sendable {
    public let id: String
    public let status: Int
    public let body: String
    public let secretBearing: Bool

    public init(id: String, status: Int, body: String, secretBearing: Bool = false) {
        self.id = id
        self.status = status
        self.body = body
        self.secretBearing = secretBearing
    }
}

/// `Idempotency-Key` on the operator API's creates, scoped to the operator token: the key is
/// claimed as the transaction's first write, so racing retries create one resource; a retry
/// with the same body replays the stored 201, with another body is `409 idempotency_key_reused`,
/// and of a create that returned a secret is `409 secret_not_replayable` naming what it created.
public struct OperatorIdempotency {
    let database: Database
    let ttlHours: Int

    public init(database: Database, ttlHours: Int) {
        self.database = database
        self.ttlHours = ttlHours
    }

    private struct KeyTaken: Error {}

    /// Runs `create` in one transaction, keyed when `key` is given; answers what it made and
    /// whether this is a replay.
    public func create(
        scope: String, key: String?, fingerprint: String, _ create: (OperatorTransaction) throws -> OperatorCreated
    ) throws -> (created: OperatorCreated, replayed: Bool) {
        guard let key else { return (try database.transaction { try create(OperatorTransaction(connection: $0)) }, false) }
        let digest = try SHA256.digest(fingerprint)
        // A second pass only follows an expired key being cleared.
        for _ in 0..<2 {
            let now = Timestamp.now()
            do {
                return (try database.transaction { connection in
                    let keys = IdempotencyStore(connection: connection)
                    do {
                        try keys.claim(tenantID: scope, key: key, requestSHA256: digest, containerID: "", body: "", now: now, ttlHours: ttlHours)
                    } catch let error as MariaDBError where error.isDuplicateKey {
                        throw KeyTaken()
                    }
                    let created = try create(OperatorTransaction(connection: connection))
                    if created.status == 201 {
                        try keys.record(tenantID: scope, key: key, resourceID: created.id, body: created.secretBearing ? "" : created.body)
                    } else {
                        try keys.forget(tenantID: scope, key: key)
                    }
                    return created
                }, false)
            } catch is KeyTaken {
                let stored = try database.read { try IdempotencyStore(connection: $0).find(tenantID: scope, key: key, now: now) }
                guard let stored else { continue }
                if stored.expired {
                    try database.transaction { try IdempotencyStore(connection: $0).removeExpired(tenantID: scope, key: key, now: now) }
                    continue
                }
                guard constantTimeEquals(stored.requestSHA256, digest) else {
                    throw APIError.conflict("idempotency_key_reused", "this Idempotency-Key was used with a different request")
                }
                guard !stored.body.isEmpty else {
                    throw APIError(.conflict, "the first response carried a secret, which is shown once and never stored",
                                   detail: ["reason": .string("secret_not_replayable"), "id": .string(stored.containerID)])
                }
                return (OperatorCreated(id: stored.containerID, status: 201, body: stored.body), true)
            }
        }
        throw APIError.unavailable
    }
}
