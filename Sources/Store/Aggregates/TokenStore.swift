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
    public let tenantID: String
    public let createdAt: String
    public let expiresAt: String?
    public let revoked: Bool

    enum CodingKeys: String, CodingKey {
        case id, revoked
        case tenantID = "tenant_id"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }
}

/// API tokens: `dro_<24 hex>_<43 base64url>`. The hex part is the public id (`tok_<hex>`); only
/// SHA-256 of the secret part is stored. 256 bits of entropy.
public struct TokenStore {
    let sql: SQLAccess
    static let prefix = "dro_"
    static let idHexLength = 24

    public init(_ database: Database) { sql = SQLAccess(database) }

    /// Creates a token and answers it with its secret, the only time the secret exists.
    public func create(tenantID: String, expiresAt: Timestamp?, now: Timestamp = .now()) throws -> (info: TokenInfo, token: String) {
        let idHex = Hex.encode(try SecureRandom.bytes(Self.idHexLength / 2))
        let secret = Base64URL.encode(try SecureRandom.bytes(32))
        let id = "tok_" + idHex
        try sql.write { try $0.execute(
            "INSERT INTO api_tokens (id, tenant_id, secret_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            [.text(id), .text(tenantID), .bytes(SHA256.digest(secret)), .text(now.sql), SQLValue(expiresAt?.sql)]) }
        let info = TokenInfo(id: id, tenantID: tenantID, createdAt: now.rfc3339, expiresAt: expiresAt?.rfc3339, revoked: false)
        return (info, Self.prefix + idHex + "_" + secret)
    }

    public func list(tenantID: String) throws -> [TokenInfo] {
        try sql.read {
            try $0.query(
                "SELECT id, tenant_id, created_at, expires_at, revoked FROM api_tokens WHERE tenant_id = ? ORDER BY created_at, id",
                [.text(tenantID)])
        }.map { row in
            TokenInfo(id: try row.require("id"), tenantID: try row.require("tenant_id"),
                      createdAt: Timestamp.rfc3339(sql: try row.require("created_at")),
                      expiresAt: row.string("expires_at").map(Timestamp.rfc3339(sql:)), revoked: row.bool("revoked") ?? false)
        }
    }

    /// Revokes by token or by id; answers the id. Revoking twice is not an error.
    public func revoke(_ tokenOrID: String, now: Timestamp = .now()) throws -> String {
        let id = Self.parse(tokenOrID)?.id ?? tokenOrID
        try sql.write { connection in
            let updated = try connection.execute(
                "UPDATE api_tokens SET revoked = 1, revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", [.text(now.sql), .text(id)])
            if updated.affectedRows == 0, try connection.queryFirst("SELECT id FROM api_tokens WHERE id = ?", [.text(id)]) == nil {
                throw StoreError("no token '\(id)'")
            }
        }
        return id
    }

    /// The principal a bearer token stands for, or `401`/`403`.
    public func authenticate(_ token: String, now: Timestamp = .now()) throws -> Principal {
        guard let (id, secret) = Self.parse(token) else { throw APIError(.unauthorized, "invalid bearer token") }
        let row = try sql.read {
            try $0.queryFirst(
                """
                SELECT k.tenant_id, k.secret_sha256, k.expires_at, k.revoked, t.suspended
                FROM api_tokens k JOIN tenants t ON t.id = k.tenant_id WHERE k.id = ?
                """, [.text(id)])
        }
        guard let row, let stored = row.bytes("secret_sha256"), constantTimeEquals(stored, try SHA256.digest(secret)) else {
            throw APIError(.unauthorized, "invalid bearer token")
        }
        if row.bool("revoked") == true { throw APIError(.unauthorized, "the token is revoked") }
        if let expires = row.string("expires_at"), expires <= now.sql { throw APIError(.unauthorized, "the token is expired") }
        if row.bool("suspended") == true { throw APIError(.forbidden, "the tenant is suspended") }
        return Principal(tenantID: try row.require("tenant_id"), tokenID: id)
    }

    /// Splits `dro_<hex>_<secret>` into the public id and the secret.
    static func parse(_ token: String) -> (id: String, secret: String)? {
        let bytes = Array(token.utf8)
        let prefixLength = prefix.utf8.count
        guard bytes.count == prefixLength + idHexLength + 1 + 43, token.hasPrefix(prefix),
              bytes[prefixLength + idHexLength] == UInt8(ascii: "_") else { return nil }
        let hex = bytes[prefixLength..<(prefixLength + idHexLength)]
        guard hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return ("tok_" + String(decoding: hex, as: UTF8.self), String(decoding: bytes[(prefixLength + idHexLength + 1)...], as: UTF8.self))
    }
}
