import Core
import Store

/// The events feed: decode the query, read a page, write it.
enum EventHandlers {
    /// `GET /v1/events` with the caller's tenant as `tenantID`; the operator's `GET
    /// /v1/admin/events` passes the `tenant_id` it was asked for, or nil for every tenant. The
    /// scope never comes from the cursor, so a cursor cannot carry a reader into another tenant.
    /// A tenant's feed holds only its containers' events (`containersOnly`).
    static func list(_ context: RequestContext, tenantID: String?, containersOnly: Bool = false) throws -> HTTPResponse {
        let request = context.request
        let limit = try RequestDecoding.integer(request, "limit", in: 1...Limits.listMaxLimit, default: Limits.listDefaultLimit)
        let filter = EventFilter(tenantID: tenantID, containerID: try RequestDecoding.identifier(request, "container_id"), type: try type(request),
                                 containersOnly: containersOnly)
        let cursor = try request.query["cursor"].map(EventCursor.init(encoded:))
        let page = try context.services.events.page(filter, after: cursor, limit: limit)
        var body = JSONOutput(capacity: 128 + page.events.count * 512)
        EventJSON.writeList(page.events, nextCursor: page.nextCursor, into: &body)
        return HTTPResponse(status: 200, body: body.bytes)
    }

    private static func type(_ request: HTTPRequest) throws -> EventType? {
        guard let name = request.query["type"] else { return nil }
        guard let type = EventType(rawValue: name) else {
            throw APIError.validation("type", "type must be one of the event types: \(EventType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return type
    }
}
