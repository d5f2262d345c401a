import Foundation
import Testing
@testable import HTTPAPI

/// The OpenAPI documents are the contract: every route is in its document with its method and
/// template and nothing else is, and the copy dro-api serves is the one in `openapi/`.
@Suite("OpenAPI documents")
struct OpenAPIDocumentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func object(_ text: String) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    /// `METHOD /path` of every operation in a document.
    static func operations(_ document: NSDictionary) throws -> Set<String> {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
    }

    static func routes(_ table: RouteTable) -> Set<String> {
        Set(table.routes.map { "\($0.method) \($0.template.description)" })
    }

    @Test("the tenant document and the tenant route table list the same operations")
    func tenantRoutes() throws {
        #expect(try Self.operations(Self.object(OpenAPIDocuments.tenant)) == Self.routes(TenantRoutes.table))
    }

    @Test("the operator document and the operator route table list the same operations")
    func operatorRoutes() throws {
        #expect(try Self.operations(Self.object(OpenAPIDocuments.operator)) == Self.routes(OperatorRoutes.table))
    }

    @Test("dro-api serves the documents of openapi/ (run scripts/openapi-embed.sh after editing them)",
          arguments: [("tenant", OpenAPIDocuments.tenant), ("operator", OpenAPIDocuments.operator)])
    func embeddedCopies(_ name: String, _ embedded: String) throws {
        let file = Self.root.appendingPathComponent("openapi/\(name).json")
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? NSDictionary)
        #expect(try Self.object(embedded) == stored)
    }

    @Test("every operation answers the shared error shape for its errors and declares a security scheme or none")
    func errorsAndSecurity() throws {
        for text in [OpenAPIDocuments.tenant, OpenAPIDocuments.operator] {
            let document = try Self.object(text)
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            for (path, methods) in paths {
                for (method, operation) in methods {
                    let responses = try #require(operation["responses"] as? [String: Any])
                    #expect(responses.keys.contains("500") && responses.keys.contains("429"), "\(method) \(path)")
                    if path != "/v1/health" && path != "/v1/openapi.json" {
                        #expect(responses.keys.contains("401") || responses.keys.contains("404"), "\(method) \(path)")
                    }
                }
            }
            let schemes = try #require((document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any])
            #expect(Set(schemes.keys) == ["tenantToken", "operatorToken"])
        }
    }
}
