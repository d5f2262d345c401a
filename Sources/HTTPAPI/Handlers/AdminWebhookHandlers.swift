import Config
import Core
import Store

/// Webhook endpoints on the operator API: register (the signing secret in the 201 only), list and
/// show with their delivery status (never the secret), delete, resume a `failing` one.
enum AdminWebhookHandlers {
    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let page = try WebhookStore(context.services.database).list(cursor: context.request.query["cursor"], limit: try AdminPaging.limit(context))
        return HTTPResponse(status: 200, json: try context.services.encode(ListBody("webhooks", page.webhooks, nextCursor: page.nextCursor)))
    }

    /// A keyed retry of a registration is `409 secret_not_replayable`: the secret is never stored in clear.
    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let settings = context.services.webhooks
        let creation = try WebhookCreation(json: RequestDecoding.jsonBody(context.request), policy: settings.targetPolicy)
        let actor = try context.operatorActor()
        let key = try settings.loadKey()
        return try AdminCreates.keyed(context, fingerprint: creation.fingerprint) { transaction in
            let registered = try transaction.webhooks.create(creation, sealedWith: key, actor: actor)
            return OperatorCreated(id: registered.webhook.id, status: 201, body: try context.services.encode(registered), secretBearing: true)
        } location: { "/v1/admin/webhooks/\($0)" }
    }

    static func get(_ context: RequestContext) throws -> HTTPResponse {
        HTTPResponse(status: 200, json: try context.services.encode(try WebhookStore(context.services.database).get(try context.parameter("id"))))
    }

    static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let webhook = try WebhookStore(context.services.database).delete(try context.parameter("id"), actor: try context.operatorActor())
        return HTTPResponse(status: 200, json: try context.services.encode(webhook))
    }

    static func resume(_ context: RequestContext) throws -> HTTPResponse {
        let webhook = try WebhookStore(context.services.database).resume(try context.parameter("id"), actor: try context.operatorActor())
        return HTTPResponse(status: 200, json: try context.services.encode(webhook))
    }
}
