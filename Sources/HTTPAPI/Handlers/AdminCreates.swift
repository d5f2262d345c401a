import Core
import Store

/// What every operator create shares: the `Idempotency-Key` scoped to the operator token, the
/// 201 with `Location` (and `Idempotent-Replayed` on a replay), or the 200 of an existing tenant.
enum AdminCreates {
    static func keyed(
        _ context: RequestContext, fingerprint: String, _ create: (OperatorTransaction) throws -> OperatorCreated,
        location: (String) -> String
    ) throws -> HTTPResponse {
        let services = context.services
        let (created, replayed) = try OperatorIdempotency(database: services.database, ttlHours: services.config.idempotencyTTLHours).create(
            scope: try context.operatorTokenID(), key: try RequestDecoding.idempotencyKey(context.request), fingerprint: fingerprint, create)
        var headers = [("Location", location(created.id))]
        if replayed { headers.append(("Idempotent-Replayed", "true")) }
        return HTTPResponse(status: created.status, headers: headers, json: created.body)
    }
}

/// The `limit` of an operator list: 1–200, default 50.
enum AdminPaging {
    static func limit(_ context: RequestContext) throws -> Int {
        try RequestDecoding.integer(context.request, "limit", in: 1...Limits.listMaxLimit, default: Limits.listDefaultLimit)
    }
}
