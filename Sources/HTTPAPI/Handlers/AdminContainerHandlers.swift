import Core
import Store

/// Any tenant's containers, for operators.
enum AdminContainerHandlers {
    static func get(_ context: RequestContext) throws -> HTTPResponse {
        let record = try ContainerStore(context.services.database).get(id: try context.parameter("id"))
        return HTTPResponse(status: 200, body: try APIServices.json(record).bytes)
    }
}
