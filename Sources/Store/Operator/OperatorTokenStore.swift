import Core
import CryptoPrimitives
import MariaDB

/// An operator token as listed (never its secret).
public struct OperatorTokenInfo: Sendable, Hashable, Encodable {
    public let id: String
    public let name: String
    public let readOnly: Bool
    public let createdAt: String
    public let revoked: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, revoked
        case readOnly = "read_only"
        case createdAt = "created_at"
    }
}

/// The operator a `droa_…` token stands for.
public struct OperatorPrincipal: Sendable, Hashable {
    public let tokenID: String
    public let name: String
    public let readOnly: Bool

    public init(tokenID: String, name: String, readOnly: Bool) {
        self.tokenID = tokenID
        self.name = name
        self.readOnly = readOnly
    }

    public func actor(requestID: String?) -> AuditActor { AuditActor(name: "operator:\(name)", requestID: requestID) }
}

/// Operator tokens: `droa_<24 hex>_<43 base64url>`, stored as SHA-256 of the secret, names
/// unique among unrevoked tokens. Managed only by the CLI (the operator role cannot write them).
public struct OperatorTokenStore {
    let sql: SQLAccess
    static let format = TokenFormat(prefix: "droa_", idPrefix: "opt_")

    public init(_ database: Database) { sql = SQLAccess(database) }

    public func create(name: String, readOnly: Bool, now: Timestamp = .now()) throws -> (info: OperatorTokenInfo, token: String) {
        let name = try ContainerName(name).value
        let minted = try Self.format.mint()
        do {
            try sql.write { try $0.execute(
                "INSERT INTO operator_tokens (id, name, secret_sha256, read_only, created_at) VALUES (?, ?, ?, ?, ?)",
                [.text(minted.id), .text(name), .bytes(minted.secretDigest), SQLValue(readOnly), .text(now.sql)]) }
        } catch let error as MariaDBError where error.isDuplicateKey {
            throw APIError.conflict("name_taken", "an operator token named '\(name)' already exists")
        }
        return (OperatorTokenInfo(id: minted.id, name: name, readOnly: readOnly, createdAt: now.rfc3339, revoked: false), minted.token)
    }

    public func list() throws -> [OperatorTokenInfo] {
        try sql.read { try $0.query("SELECT id, name, read_only, created_at, revoked FROM operator_tokens ORDER BY created_at, id") }.map { row in
            OperatorTokenInfo(id: try row.require("id"), name: try row.require("name"), readOnly: row.bool("read_only") ?? false,
                              createdAt: Timestamp.rfc3339(sql: try row.require("created_at")), revoked: row.bool("revoked") ?? false)
        }
    }

    /// Revokes by id, by unrevoked name, or by the token itself; answers the id.
    public func revoke(_ reference: String, now: Timestamp = .now()) throws -> String {
        let id = Self.format.parse(reference)?.id ?? reference
        return try sql.write { connection in
            guard let row = try connection.queryFirst(
                "SELECT id FROM operator_tokens WHERE id = ? OR live_name = ? LIMIT 1", [.text(id), .text(reference)])
            else { throw APIError(.notFound, "no operator token '\(reference)'") }
            let found: String = try row.require("id")
            try connection.execute(
                "UPDATE operator_tokens SET revoked = 1, revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", [.text(now.sql), .text(found)])
            return found
        }
    }

    /// The operator a token stands for; nil for anything that is not a live operator token (the
    /// operator routes then answer like unknown ones).
    public func authenticate(_ token: String) throws -> OperatorPrincipal? {
        guard let (id, secret) = Self.format.parse(token) else { return nil }
        let row = try sql.read {
            try $0.queryFirst("SELECT name, secret_sha256, read_only, revoked FROM operator_tokens WHERE id = ?", [.text(id)])
        }
        guard let row, let stored = row.bytes("secret_sha256"), constantTimeEquals(stored, try SHA256.digest(secret)),
              row.bool("revoked") != true
        else { return nil }
        return OperatorPrincipal(tokenID: id, name: try row.require("name"), readOnly: row.bool("read_only") ?? false)
    }
}
