import Store

/// Who a token stands for. The responder asks it for every authenticated route; tests give it
/// a table instead of the database.
public protocol Authenticator {
    /// The tenant principal of a tenant token, or `401`/`403`.
    func tenant(_ token: String) throws -> Principal
    /// The operator of a live operator token; nil for anything else.
    func `operator`(_ token: String) throws -> OperatorPrincipal?
}

/// Tokens as the store keeps them (SHA-256 of the secret, revocation, expiry, suspension).
struct StoreAuthenticator: Authenticator {
    let database: Database

    func tenant(_ token: String) throws -> Principal {
        try TokenStore(database).authenticate(token)
    }

    func `operator`(_ token: String) throws -> OperatorPrincipal? {
        try OperatorTokenStore(database).authenticate(token)
    }
}
