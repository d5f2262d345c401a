import Testing
@testable import Core

/// Registries: exact names allowed by the operator; IP literals, localhost and single-label
/// hosts only when allowed by name.
@Suite("RegistryPolicy")
struct RegistryPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let allowed: [String]
        let image: String
        let accepted: Bool
        var testDescription: String { "\(allowed) \(image) → \(accepted ? "accepted" : "refused")" }
    }

    static let shipped = ["docker.io"]
    static let cases: [Case] = [
        Case(allowed: shipped, image: "nginx:1.25", accepted: true),
        Case(allowed: shipped, image: "library/php:8.3", accepted: true),
        Case(allowed: shipped, image: "myorg/app", accepted: true),
        Case(allowed: shipped, image: "ghcr.io/org/app:1", accepted: false),
        Case(allowed: shipped, image: "127.0.0.1:22/x", accepted: false),
        Case(allowed: [], image: "127.0.0.1:22/x", accepted: false),
        Case(allowed: [], image: "10.0.0.5:5000/x", accepted: false),
        Case(allowed: [], image: "localhost:5000/x", accepted: false),
        Case(allowed: [], image: "localhost/x", accepted: false),
        Case(allowed: [], image: "registry:5000/x", accepted: false),
        Case(allowed: [], image: "ghcr.io/org/app:1", accepted: true),
        Case(allowed: [], image: "nginx", accepted: true),
        Case(allowed: ["127.0.0.1:18555"], image: "127.0.0.1:18555/hang/app:1", accepted: true),
        Case(allowed: ["127.0.0.1:18555"], image: "127.0.0.1:18556/hang/app:1", accepted: false),
        Case(allowed: ["Registry.Example.localhost:5000"], image: "registry.example.localhost:5000/a", accepted: true),
        Case(allowed: ["registry.example.localhost"], image: "registry.example.localhost:5000/a", accepted: false),
    ]

    @Test(arguments: cases)
    func decides(_ c: Case) throws {
        let policy = RegistryPolicy(allowed: c.allowed)
        let image = try ImageReference(c.image)
        if c.accepted {
            try policy.check(image)
        } else {
            let error = try #require(throws: APIError.self) { try policy.check(image) }
            #expect(error.field == "image")
        }
    }

    @Test("private-looking names", arguments: [
        ("127.0.0.1", true), ("10.1.2.3:80", true), ("[::1]:5000", true), ("localhost", true), ("registry", true),
        ("registry:5000", true), ("docker.io", false), ("registry.example.localhost:5000", false),
    ])
    func privateNames(_ registry: String, _ expected: Bool) {
        #expect(RegistryPolicy.isPrivateName(registry) == expected)
    }
}

/// Platform default limits are filled in, stored and hashed, and a retry's fingerprint ignores them.
@Suite("PlatformDefaults")
struct PlatformDefaultsTests {
    static let body = #"{"name":"web","image":"nginx","host_key":"h1"}"#

    static func request(_ text: String = body) throws -> CreateContainerRequest {
        try CreateContainerRequest(json: json(text))
    }

    @Test("absent limits get the defaults; given ones are kept")
    func fills() throws {
        let defaults = try PlatformDefaults(cpuLimit: 1, memLimit: "512m")
        let filled = try Self.request().applying(defaults).spec
        #expect(filled.cpu?.millis == 1000 && filled.memory?.given == "512m" && filled.memory?.bytes == 512 << 20)
        let given = try Self.request(#"{"name":"web","image":"nginx","host_key":"h1","cpu_limit":0.25,"mem_limit":"64m"}"#)
        #expect(given.applying(defaults).spec == given.spec)
    }

    @Test("defaults off leave the limits absent")
    func off() throws {
        let request = try Self.request()
        #expect(request.applying(.off).spec.cpu == nil && request.applying(.off).spec.memory == nil)
    }

    @Test("a default is hashed like an explicit value; the fingerprint is of the request as given")
    func hashing() throws {
        let defaults = try PlatformDefaults(cpuLimit: 1, memLimit: "512m")
        let filled = try Self.request().applying(defaults)
        let explicit = try Self.request(#"{"name":"web","image":"nginx","host_key":"h1","cpu_limit":1,"mem_limit":"512m"}"#)
        #expect((try filled.spec.hash()) == (try explicit.spec.hash()))
        #expect((try filled.fingerprint()) == (try Self.request().fingerprint()))
        #expect((try filled.fingerprint()) != (try explicit.fingerprint()))
    }

    @Test("invalid defaults are refused", arguments: [(0.001, "512m"), (1, "1k"), (300, "1g")] as [(Double, String)])
    func invalid(_ cpu: Double, _ memory: String) {
        #expect(throws: APIError.self) { try PlatformDefaults(cpuLimit: cpu, memLimit: memory) }
    }

    @Test("the create policy checks the registry before filling defaults")
    func createPolicy() throws {
        let policy = CreatePolicy(defaults: try PlatformDefaults(cpuLimit: 1, memLimit: nil), registries: RegistryPolicy(allowed: ["docker.io"]))
        #expect(try policy.admit(Self.request()).spec.cpu?.millis == 1000)
        #expect(throws: APIError.self) {
            try policy.admit(Self.request(#"{"name":"web","image":"127.0.0.1:22/x","host_key":"h1"}"#))
        }
    }
}
