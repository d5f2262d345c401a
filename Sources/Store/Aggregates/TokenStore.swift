import Core
import CryptoPrimitives
import MariaDB

/// Who is calling: derived from the token, never from the request body.
public struct Principal: Sendable, Hashable {
    public let tenantID: String
    public let tokenID: String
    /// The actor recorded in events.
    public var actor: String { "token:\(tokenID)" }

    public init(tenantID: String, tokenID: String) {
        self.tenantID = tenantID
        self.tokenID = tokenID
    }
}

/// A token's metadata; the secret is never stored or shown after creation.
public struct TokenInfo: Sendable, Hashable, Encodable {
    public let id: String
    public let name: String?
    public let tenantID: String
    public let createdAt: String
    public let expiresAt: String?
    public let revoked: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, revoked
        case tenantID = "tenant_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(tenantID, forKey: .tenantID)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(revoked, forKey: .revoked)
    }
}

/// A tenant token as its creation answers it: the only time the secret exists.
public struct CreatedToken: Sendable, Encodable {
    public let info: TokenInfo
    public let token: String

    enum CodingKeys: String, CodingKey {
        case id, name, token
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(info.id, forKey: .id)
        try c.encode(info.name, forKey: .name)
        try c.encode(token, forKey: .token)
        try c.encode(info.createdAt, forKey: .createdAt)
        try c.encode(info.expiresAt, forKey: .expiresAt)
    }
}

/// Tenant API tokens: `dro_<24 hex>_<43 base64url>`, public id `tok_<hex>`, 256 bits of entropy.
public struct TokenStore {
    let sql: SQLAccess
    static let format = TokenFormat(prefix: "dro_", idPrefix: "tok_")
    private static let columns = "id, name, tenant_id, created_at, expires_at, revoked"

    public init(_ database: Database) { sql = SQLAccess(database) }
    init(_ connection: Connection) { sql = SQLAccess(connection) }

    /// Creates a named token for a live tenant, with its event.
    public func create(tenantID: String, _ creation: TokenCreation, actor: AuditActor, now: Timestamp = .now()) throws -> CreatedToken {
        let minted = try Self.format.mint()
        let expiresAt = creation.expiresInSeconds.map { now.adding(seconds: $0) }
        try sql.write { connection in
            try TenantStore(connection).requireLive(tenantID, .shared)
            try connection.execute(
                "INSERT INTO api_tokens (id, tenant_id, name, secret_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(minted.id), .text(tenantID), .text(creation.name.value), .bytes(minted.secretDigest), .text(now.sql),
                 SQLValue(expiresAt?.sql)])
            try EventLog(connection).append(
                .tokenCreated, tenantID: tenantID, actor: actor.name,
                detail: ["token_id": .string(minted.id), "name": .string(creation.name.value)], requestID: actor.requestID)
        }
        let info = TokenInfo(id: minted.id, name: creation.name.value, tenantID: tenantID, createdAt: now.rfc3339,
                             expiresAt: expiresAt?.rfc3339, revoked: false)
        return CreatedToken(info: info, token: minted.token)
    }

    public func list(tenantID: String) throws -> [TokenInfo] {
        try sql.read {
            try $0.query("SELECT \(Self.columns) FROM api_tokens WHERE tenant_id = ? ORDER BY created_at, id", [.text(tenantID)])
        }.map(Self.info)
    }

    static let cursor = CreationOrderCursor(tag: "k1")

    /// The tenant's tokens oldest first, by keyset pagination on (created_at, id).
    public func list(tenantID: String, cursor: String?, limit: Int) throws -> ListPage<TokenInfo> {
        try Self.cursor.page(
            sql, table: "api_tokens", columns: Self.columns, conditions: ["tenant_id = ?"], [.text(tenantID)],
            cursor: cursor, limit: limit, item: Self.info, id: \.id)
    }

    /// Revokes one of the tenant's tokens, given by id or by the token itself; answers the token.
    /// Revoking twice is not an error (and writes no second event).
    public func revoke(_ tokenOrID: String, tenantID: String? = nil, actor: AuditActor, now: Timestamp = .now()) throws -> TokenInfo {
        let id = Self.format.parse(tokenOrID)?.id ?? tokenOrID
        return try sql.write { connection in
            guard let row = try connection.queryFirst("SELECT \(Self.columns) FROM api_tokens WHERE id = ? FOR UPDATE", [.text(id)]),
                  tenantID == nil || row.string("tenant_id") == tenantID
            else { throw APIError(.notFound, "no token '\(id)'") }
            let token = try Self.info(row)
            guard !token.revoked else { return token }
            try connection.execute("UPDATE api_tokens SET revoked = 1, revoked_at = ? WHERE id = ?", [.text(now.sql), .text(id)])
            try EventLog(connection).append(
                .tokenRevoked, tenantID: token.tenantID, actor: actor.name, detail: ["token_id": .string(id)], requestID: actor.requestID)
            return TokenInfo(id: token.id, name: token.name, tenantID: token.tenantID, createdAt: token.createdAt,
                             expiresAt: token.expiresAt, revoked: true)
        }
    }

    /// Revokes every token of a tenant (termination); the caller writes the event.
    func revokeAll(tenantID: String, now: Timestamp) throws {
        try sql.write { try $0.execute(
            "UPDATE api_tokens SET revoked = 1, revoked_at = COALESCE(revoked_at, ?) WHERE tenant_id = ?", [.text(now.sql), .text(tenantID)]) }
    }

    /// The principal a bearer token stands for, or `401`/`403`.
    public func authenticate(_ token: String, now: Timestamp = .now()) throws -> Principal {
        guard let (id, secret) = Self.format.parse(token) else { throw APIError(.unauthorized, "invalid bearer token") }
        let row = try sql.read {
            try $0.queryFirst(
                """
                SELECT k.tenant_id, k.secret_sha256, k.expires_at, k.revoked, t.status
                FROM api_tokens k JOIN tenants t ON t.id = k.tenant_id WHERE k.id = ?
                """, [.text(id)])
        }
        guard let row, let stored = row.bytes("secret_sha256"), constantTimeEquals(stored, try SHA256.digest(secret)) else {
            throw APIError(.unauthorized, "invalid bearer token")
        }
        if row.bool("revoked") == true { throw APIError(.unauthorized, "the token is revoked") }
        if let expires = row.string("expires_at"), expires <= now.sql { throw APIError(.unauthorized, "the token is expired") }
        switch row.string("status").flatMap(TenantStatus.init(rawValue:)) {
        case .active?: break
        case .suspended?: throw APIError(.forbidden, "the tenant is suspended")
        default: throw APIError(.unauthorized, "the token is revoked")
        }
        return Principal(tenantID: try row.require("tenant_id"), tokenID: id)
    }

    private static func info(_ row: Row) throws -> TokenInfo {
        TokenInfo(id: try row.require("id"), name: row.string("name"), tenantID: try row.require("tenant_id"),
                  createdAt: Timestamp.rfc3339(sql: try row.require("created_at")),
                  expiresAt: row.string("expires_at").map(Timestamp.rfc3339(sql:)), revoked: row.bool("revoked") ?? false)
    }
}
