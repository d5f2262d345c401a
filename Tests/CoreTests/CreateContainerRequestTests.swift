import Testing
@testable import Core

/// create reads only the allowlisted fields; everything else is dropped.
@Suite("CreateContainerRequest")
struct CreateContainerRequestTests {
    private static let minimal = #"{"name":"web","image":"nginx:1.25","host_key":"local-1"}"#
    private static let full = #"""
        {"name":"web-1","image":"ghcr.io/team/app:v1","host_key":"eu-1","start":false,
         "env":{"A":"1","B":"two"},"ports":[8080,"53/udp"],"cpu_limit":1.5,"mem_limit":"512m",
         "command":["sh","-c","run"]}
        """#

    /// The body `base` with `extra` (a `"key": value` fragment) appended to its members.
    private func body(_ base: String, adding extra: String) -> String {
        String(base.dropLast()) + "," + extra + "}"
    }

    @Test("a minimal body gets the defaults")
    func minimalBody() throws {
        let request = try CreateContainerRequest(json: json(Self.minimal))
        #expect(request.name.value == "web")
        #expect(request.spec.image.value == "nginx:1.25")
        #expect(request.hostKey == "local-1")
        #expect(request.start == true)
        #expect(request.spec.env.values.isEmpty)
        #expect(request.spec.ports.ports.isEmpty)
        #expect(request.spec.cpu == nil)
        #expect(request.spec.memory == nil)
        #expect(request.spec.command == nil)
    }

    @Test("every allowlisted field is read")
    func fullBody() throws {
        let request = try CreateContainerRequest(json: json(Self.full))
        #expect(request.name.value == "web-1")
        #expect(request.spec.image.registry == "ghcr.io")
        #expect(request.hostKey == "eu-1")
        #expect(request.start == false)
        #expect(request.spec.env.values == ["A": "1", "B": "two"])
        #expect(request.spec.ports.ports.map(\.dockerKey) == ["53/udp", "8080/tcp"])
        #expect(request.spec.cpu?.millis == 1500)
        #expect(request.spec.memory?.bytes == 536_870_912)
        #expect(request.spec.memory?.given == "512m")
        #expect(request.spec.command?.arguments == ["sh", "-c", "run"])
        let direct = try CreateContainerRequest(
            name: ContainerName("web-1"), hostKey: "eu-1", start: false,
            spec: ContainerSpec(
                image: ImageReference("ghcr.io/team/app:v1"), env: EnvironmentVariables(["B": "two", "A": "1"]),
                ports: PortList([PortSpec(containerPort: 53, proto: .udp), PortSpec(containerPort: 8080)]),
                cpu: CPULimit(millis: 1500), memory: MemoryLimit("512m"), command: Command(["sh", "-c", "run"]),
                restart: .onFailure, labels: .none))
        #expect(request == direct)
        #expect((try request.fingerprint()) == (try direct.fingerprint()))
    }

    /// A body of the three required members, with `key` set to `valueJSON` (or removed when nil).
    private func body(setting key: String, to valueJSON: String?) throws -> JSONValue {
        var members = ["name": #""web""#, "image": #""nginx""#, "host_key": #""local-1""#]
        members[key] = valueJSON
        return try json("{" + members.map { #""\#($0)":\#($1)"# }.joined(separator: ",") + "}")
    }

    @Test("required fields: missing, null, or not a string is refused on that field", arguments: [
        ("name", nil), ("name", "null"), ("name", "1"), ("name", "[]"), ("name", #"{"v":"web"}"#), ("name", "true"),
        ("image", nil), ("image", "null"), ("image", "1"), ("image", #"["nginx"]"#),
        ("host_key", nil), ("host_key", "null"), ("host_key", "1"), ("host_key", "false"),
    ] as [(String, String?)])
    func requiredField(key: String, valueJSON: String?) throws {
        let value = try body(setting: key, to: valueJSON)
        expectValidationError(field: key) { try CreateContainerRequest(json: value) }
    }

    @Test("field values are validated and the error names the field", arguments: [
        ("name", #""Web""#, "name"),
        ("name", #""""#, "name"),
        ("image", #""Nginx""#, "image"),
        ("host_key", #""""#, "host_key"),
        ("env", #"{"1A":"x"}"#, "env"),
        ("env", #"{"A":1}"#, "env.A"),
        ("env", "[]", "env"),
        ("ports", #"["8080:80"]"#, "ports[0]"),
        ("ports", "80", "ports"),
        ("cpu_limit", #""1""#, "cpu_limit"),
        ("cpu_limit", "0.001", "cpu_limit"),
        ("mem_limit", #""abc""#, "mem_limit"),
        ("mem_limit", #""99999999999999999999""#, "mem_limit"),
        ("command", #"["sh",1]"#, "command[1]"),
        ("command", #""sh""#, "command"),
    ])
    func fieldErrors(key: String, valueJSON: String, field: String) throws {
        let value = try body(setting: key, to: valueJSON)
        expectValidationError(field: field) { try CreateContainerRequest(json: value) }
    }

    @Test("host_key length: 1 to 255 characters", arguments: [(1, true), (255, true), (256, false)])
    func hostKeyLength(length: Int, accepted: Bool) throws {
        let value = object([("name", .string("web")), ("image", .string("nginx")), ("host_key", .string(repeated("h", length)))])
        if accepted {
            #expect(try CreateContainerRequest(json: value).hostKey.count == length)
        } else {
            expectValidationError(field: "host_key") { try CreateContainerRequest(json: value) }
        }
    }

    @Test("start is an optional boolean, default true", arguments: [("true", true), ("false", false), ("null", true)])
    func start(text: String, expected: Bool) throws {
        #expect(try CreateContainerRequest(json: json(body(Self.minimal, adding: #""start":\#(text)"#))).start == expected)
    }

    @Test("a start that is not a boolean is refused on field start", arguments: [#""true""#, #""false""#, "1", "0", #""yes""#, "[]", "{}"])
    func startNotBoolean(_ text: String) throws {
        let value = try json(body(Self.minimal, adding: #""start":\#(text)"#))
        expectValidationError(field: "start") { try CreateContainerRequest(json: value) }
    }

    @Test("mass assignment: platform-controlled fields are dropped without effect", arguments: [
        #""privileged":true"#,
        #""volumes":["/:/host"]"#,
        #""networks":["host"]"#,
        #""network_mode":"host""#,
        #""cap_add":["SYS_ADMIN"]"#,
        #""devices":["/dev/kmsg"]"#,
        #""user":"root""#,
        #""id":"ctr_000000000000000000000000""#,
        #""tenant_id":"t_other""#,
        #""desired_state":"stopped""#,
        #""observed_state":"running""#,
        #""created_at":"2000-01-01T00:00:00Z""#,
        #""region":"elsewhere""#,
        #""mem_limit_bytes":1"#,
        #""privileged":true,"volumes":["/:/host"],"networks":["host"],"cap_add":["ALL"],"devices":["/dev/sda"],"user":"0:0","id":"x","tenant_id":"t_2","desired_state":"deleted","created_at":"now""#,
    ])
    func massAssignment(extra: String) throws {
        for base in [Self.minimal, Self.full] {
            let clean = try CreateContainerRequest(json: json(base))
            let dirty = try CreateContainerRequest(json: json(body(base, adding: extra)))
            #expect(dirty == clean)
            #expect((try dirty.fingerprint()) == (try clean.fingerprint()))
            #expect((try dirty.spec.hash()) == (try clean.spec.hash()))
        }
    }

    @Test("a body that is not an object is refused on field body", arguments: ["[]", #"[{"name":"web"}]"#, #""web""#, "1", "true", "null"])
    func bodyNotObject(_ text: String) throws {
        let value = try json(text)
        expectValidationError(field: "body") { try CreateContainerRequest(json: value) }
    }

    @Test("JSON null for an optional field is the same as leaving it out", arguments: [
        "env", "ports", "cpu_limit", "mem_limit", "command", "start",
    ])
    func nullIsAbsent(key: String) throws {
        let absent = try CreateContainerRequest(json: json(Self.minimal))
        let null = try CreateContainerRequest(json: json(body(Self.minimal, adding: #""\#(key)":null"#)))
        #expect(null == absent)
        #expect((try null.fingerprint()) == (try absent.fingerprint()))
    }

    @Test("the fingerprint changes with name, host, start and spec")
    func fingerprint() throws {
        let base = try CreateContainerRequest(json: json(Self.minimal))
        let variants = [
            #"{"name":"web2","image":"nginx:1.25","host_key":"local-1"}"#,
            #"{"name":"web","image":"nginx:1.26","host_key":"local-1"}"#,
            #"{"name":"web","image":"nginx:1.25","host_key":"local-2"}"#,
            #"{"name":"web","image":"nginx:1.25","host_key":"local-1","start":false}"#,
            #"{"name":"web","image":"nginx:1.25","host_key":"local-1","env":{"A":""}}"#,
        ]
        var fingerprints: Set = [(try base.fingerprint())]
        for text in variants {
            let request = try CreateContainerRequest(json: json(text))
            #expect(request != base)
            fingerprints.insert((try request.fingerprint()))
        }
        #expect(fingerprints.count == variants.count + 1)
        #expect(try CreateContainerRequest(json: json(Self.minimal)).fingerprint() == (try base.fingerprint()))
    }
}
