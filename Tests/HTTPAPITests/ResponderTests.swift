import Config
import Core
import Foundation
import Logging
import Store
import Testing
@testable import HTTPAPI

/// The HTTP API in-process: the route table, authentication by route, 404 vs 405, bearer
/// strictness, request ids, and crash containment. The database is never reachable here (a
/// socket that does not exist): a handler that gets as far as the store answers 503.
@Suite("APIResponder")
struct ResponderTests {
    static let config: DROConfig = {
        let json = #"""
            {"installation_id": "test", "database": {"socket": "/nonexistent/dro-test.sock", "name": "dro", "connect_timeout_seconds": 1,
             "api": {"user": "u", "password": "p"}}}
            """#
        return try! JSONDecoder().decode(DROConfig.self, from: Data(json.utf8))  // a test fixture, not a request path
    }()

    static let token = "dro_0123456789abcdef01234567_" + String(repeating: "A", count: 43)

    /// Knows one tenant token.
    struct TableAuthenticator: Authenticator {
        func tenant(_ token: String) throws -> Principal {
            guard token == ResponderTests.token else { throw APIError(.unauthorized, "invalid bearer token") }
            return Principal(tenantID: "ten_test", tokenID: "tok_test")
        }

        func `operator`(_ token: String) throws -> OperatorPrincipal? {
            switch token {
            case ResponderTests.operatorToken: OperatorPrincipal(tokenID: "opt_full", name: "panel", readOnly: false)
            case ResponderTests.readOnlyToken: OperatorPrincipal(tokenID: "opt_read", name: "viewer", readOnly: true)
            default: nil
            }
        }
    }

    static let operatorToken = "droa_0123456789abcdef01234567_" + String(repeating: "B", count: 43)
    static let readOnlyToken = "droa_0123456789abcdef01234568_" + String(repeating: "C", count: 43)

    /// Without a live operator token every method answers 404 like an unknown route; a read-only
    /// token is 403 on writes before anything else; a full token reaches the handler.
    @Test("operator routes authenticate like unknown routes")
    func operatorRoutes() throws {
        let responder = try Self.responder(OperatorRoutes.table)
        for route in OperatorRoutes.table.routes {
            let uri = route.template.description.replacingOccurrences(of: "{id}", with: "ten_1")
                .replacingOccurrences(of: "{token_id}", with: "tok_1").replacingOccurrences(of: "{scope}", with: "*")
                .replacingOccurrences(of: "{key}", with: "h1")
            for authorization in [nil, "Bearer " + Self.token, "Bearer droa_x", "Bearer " + Self.operatorToken.dropLast() + "D"] {
                for method in [route.method, "PUT", "TRACE"] {
                    let answer = responder.respond(to: Self.request(method, uri, authorization: authorization))
                    #expect(answer.response.status == 404 && !answer.response.headers.contains { $0.0 == "Allow" }, "\(method) \(uri)")
                }
            }
            let readOnly = responder.respond(to: Self.request(route.method, uri, authorization: "Bearer " + Self.readOnlyToken, body: Array("{".utf8)))
            #expect((readOnly.response.status == 403) == (route.auth == .operator), "\(route.method) \(uri)")
            if route.auth == .operator { #expect(try Self.error(readOnly.response) == "forbidden") }
            let full = responder.respond(to: Self.request(route.method, uri, authorization: "Bearer " + Self.operatorToken))
            #expect(![401, 403, 404].contains(full.response.status), "\(route.method) \(uri)")
        }
        // An operator token is not a tenant token.
        let tenantRoute = try Self.responder().respond(to: Self.request("GET", "/v1/quota", authorization: "Bearer " + Self.operatorToken))
        #expect(tenantRoute.response.status == 401)
    }

    /// Only a live operator token learns that a path exists: with one, another method of an
    /// operator route is 405 with Allow; with a tenant token it is the 404 of an unknown route.
    @Test("a wrong method on an operator route is 405 for a full operator token, 404 for a tenant token")
    func operatorWrongMethod() throws {
        let responder = try Self.responder(OperatorRoutes.table)
        let methods = Dictionary(grouping: OperatorRoutes.table.routes, by: { $0.template.description }).mapValues { Set($0.map(\.method)) }
        for (template, allowed) in methods {
            let uri = template.replacingOccurrences(of: "{id}", with: "ten_1").replacingOccurrences(of: "{token_id}", with: "tok_1")
                .replacingOccurrences(of: "{scope}", with: "*").replacingOccurrences(of: "{key}", with: "h1")
            for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"] where !allowed.contains(method) {
                let full = responder.respond(to: Self.request(method, uri, authorization: "Bearer " + Self.operatorToken))
                #expect(full.response.status == 405, "\(method) \(uri)")
                #expect(try Self.error(full.response) == "method_not_allowed")
                #expect(full.response.headers.first { $0.0 == "Allow" }?.1 == allowed.sorted().joined(separator: ", "), "\(method) \(uri)")
                let tenant = responder.respond(to: Self.request(method, uri, authorization: "Bearer " + Self.token))
                #expect(tenant.response.status == 404 && !tenant.response.headers.contains { $0.0 == "Allow" }, "\(method) \(uri)")
                #expect(try Self.error(tenant.response) == "not_found")
            }
        }
    }

    static func responder(_ table: RouteTable = TenantRoutes.table) throws -> APIResponder {
        APIResponder(table: table, services: try APIServices(config: config), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                     authenticator: TableAuthenticator())
    }

    static func request(_ method: String, _ uri: String, authorization: String? = nil, requestID: String? = nil, body: [UInt8]? = []) -> HTTPRequest {
        let parameters = ["REQUEST_METHOD": method, "REQUEST_URI": uri, "HTTP_AUTHORIZATION": authorization, "REQUEST_ID": requestID]
        return HTTPRequest(parameter: { parameters[$0] ?? nil }, body: body)
    }

    static func error(_ response: HTTPResponse) throws -> String {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        return try #require(json["error"] as? String)
    }

    @Test("every route declares who may call it")
    func authKinds() {
        let kinds = Dictionary(uniqueKeysWithValues: TenantRoutes.table.routes.map { ("\($0.method) \($0.template)", $0.auth) })
        #expect(kinds == [
            "GET /v1/health": .none, "GET /v1/openapi.json": .none,
            "POST /v1/containers": .tenant, "GET /v1/containers": .tenant, "GET /v1/containers/{id}": .tenant,
            "PATCH /v1/containers/{id}": .tenant, "DELETE /v1/containers/{id}": .tenant, "POST /v1/containers/{id}/start": .tenant,
            "POST /v1/containers/{id}/stop": .tenant, "POST /v1/containers/{id}/restart": .tenant,
            "GET /v1/containers/{id}/logs": .tenant, "GET /v1/quota": .tenant, "GET /v1/hosts": .tenant,
            "GET /v1/events": .tenant,
        ])
    }

    @Test("a tenant route without a valid token is 401 before its handler runs; with one, the handler runs")
    func tenantRoutesAuthenticate() throws {
        let responder = try Self.responder()
        for route in TenantRoutes.table.routes where route.auth == .tenant {
            let uri = route.template.description.replacingOccurrences(of: "{id}", with: "ctr_1")
            let refused = responder.respond(to: Self.request(route.method, uri))
            #expect(refused.response.status == 401 && refused.route == route.template.description)
            #expect(refused.response.headers.contains { $0 == ("WWW-Authenticate", "Bearer") })
            // Past authentication the handler reaches the store, which is down here.
            let served = responder.respond(to: Self.request(route.method, uri, authorization: "Bearer " + Self.token))
            #expect(served.response.status != 401 && served.tenantID == "ten_test", "\(route.method) \(uri)")
        }
        #expect(responder.respond(to: Self.request("GET", "/v1/health")).response.status == 503, "health needs no token")
    }

    @Test("an unknown path is 404; a known path with another method is 405 with Allow", arguments: [
        ("GET", "/v2/containers", 404, nil), ("GET", "/v1/nothing", 404, nil), ("GET", "/v1/containers/", 404, nil),
        ("GET", "//v1/containers", 404, nil), ("GET", "/v1/containers/x/foo", 404, nil), ("GET", "/v1/containers/x/start/y", 404, nil),
        ("PUT", "/v1/containers", 405, "GET, POST"), ("PUT", "/v1/containers/x", 405, "DELETE, GET, PATCH"),
        ("GET", "/v1/containers/x/start", 405, "POST"), ("POST", "/v1/health", 405, "GET"),
    ] as [(String, String, Int, String?)])
    func notFoundAndMethodNotAllowed(_ method: String, _ uri: String, _ status: Int, _ allow: String?) throws {
        let answer = try Self.responder().respond(to: Self.request(method, uri, authorization: "Bearer " + Self.token))
        #expect(answer.response.status == status)
        #expect(answer.response.headers.first { $0.0 == "Allow" }?.1 == allow)
    }

    @Test("the bearer scheme in any letter case, one space, a well-formed token; anything else is 401", arguments: [
        ("Bearer " + token, true), ("bearer " + token, true), ("BEARER " + token, true),
        ("Bearer  " + token, false), ("Bearer\t" + token, false), ("Bearer " + token + " ", false), (" Bearer " + token, false),
        ("Bearer" + token, false), ("Bearer " + token.uppercased(), false), ("Basic " + token, false), ("Bearer ", false),
        ("Bearer droa_0123456789abcdef01234567_" + String(repeating: "A", count: 43), true),
    ] as [(String, Bool)])
    func bearerForms(_ header: String, _ accepted: Bool) throws {
        let parsed = try? RequestDecoding.bearerToken(Self.request("GET", "/v1/quota", authorization: header))
        #expect((parsed != nil) == accepted, "\(header)")
    }

    @Test("a request id that is not 32 lowercase hex is replaced", arguments: [
        ("0123456789abcdef0123456789abcdef", true), ("0123456789ABCDEF0123456789ABCDEF", false), ("x", false),
        ("0123456789abcdef0123456789abcdef0", false), ("0123456789abcdef0123456789abcde\n", false),
    ] as [(String, Bool)])
    func requestIDs(_ passed: String, _ kept: Bool) {
        let id = Self.request("GET", "/v1/health", requestID: passed).requestID
        #expect((id == passed) == kept)
        #expect(id.utf8.count == 32 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
    }

    @Test("a handler's unexpected failure is 500 internal with the request id, and the responder keeps serving")
    func crashContainment() throws {
        struct Surprise: Error {}
        let table = RouteTable([
            Route("GET", "/v1/broken", auth: .none) { _ in throw InvariantFailure("a broken invariant") },
            Route("GET", "/v1/surprise", auth: .none) { _ in throw Surprise() },
            Route("GET", "/v1/fine", auth: .none) { _ in HTTPResponse(status: 200, json: "{}") },
        ])
        let responder = try Self.responder(table)
        for uri in ["/v1/broken", "/v1/surprise"] {
            let request = Self.request("GET", uri)
            let answer = responder.respond(to: request)
            #expect(answer.response.status == 500)
            #expect(try Self.error(answer.response) == "internal")
            #expect(String(decoding: answer.response.body, as: UTF8.self).contains(request.requestID))
            #expect(!String(decoding: answer.response.body, as: UTF8.self).contains("invariant"), "never the cause")
            #expect(responder.respond(to: Self.request("GET", "/v1/fine")).response.status == 200)
        }
    }

    @Test("an oversized body is 413 before anything else")
    func oversizedBody() throws {
        let answer = try Self.responder().respond(to: Self.request("POST", "/v1/containers", body: nil))
        #expect(answer.response.status == 413)
    }
}
