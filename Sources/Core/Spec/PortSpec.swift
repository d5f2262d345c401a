/// The transport protocol of a container port.
public enum PortProtocol: String, Sendable, Hashable, Codable, CaseIterable {
    case tcp, udp, sctp
}

/// One container port. Host ports and host IPs are platform-managed and refused.
public struct PortSpec: Sendable, Hashable, Codable, Comparable {
    public let containerPort: Int
    public let proto: PortProtocol

    enum CodingKeys: String, CodingKey {
        case containerPort = "container_port"
        case proto = "protocol"
    }

    public init(containerPort: Int, proto: PortProtocol = .tcp, field: String = "ports") throws {
        guard (1...65535).contains(containerPort) else {
            throw APIError.validation(field, "container ports must be between 1 and 65535")
        }
        self.containerPort = containerPort
        self.proto = proto
    }

    /// Accepts `80`, `"80"`, `"80/tcp"`, `"53/udp"`, `"80/sctp"` and `{"container_port":80,"protocol":"tcp"}`.
    public init(json: JSONValue, field: String) throws {
        let hostManaged = APIError.validation(field, "host ports and host IPs are managed by the platform; give only the container port")
        switch json {
        case .number(let number):
            try self.init(containerPort: try Self.integer(number, field: field), field: field)
        case .string(let text):
            let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard !parts[0].contains(":") else { throw hostManaged }
            let proto = try parts.count == 2 ? Self.proto(String(parts[1]), field: field) : .tcp
            guard let port = Int(parts[0]), parts[0].allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw APIError.validation(field, "ports must look like 80, \"80/tcp\", \"53/udp\" or \"80/sctp\"")
            }
            try self.init(containerPort: port, proto: proto, field: field)
        case .object(let object):
            for key in ["host_port", "host_ip", "hostPort", "hostIp", "HostPort", "HostIp"] where object[key] != nil {
                throw hostManaged
            }
            guard case .number(let number)? = object["container_port"] else {
                throw APIError.validation(field, "container_port must be a number")
            }
            var proto = PortProtocol.tcp
            switch object["protocol"] {
            case nil, .null?: break
            case .string(let text)?: proto = try Self.proto(text, field: field)
            default: throw APIError.validation(field, "protocol must be \"tcp\", \"udp\" or \"sctp\"")
            }
            try self.init(containerPort: try Self.integer(number, field: field), proto: proto, field: field)
        default:
            throw APIError.validation(field, "ports must be numbers, strings or objects, not \(json.typeName)")
        }
    }

    /// Decodes a stored spec's port through the same range check as a request.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(containerPort: c.decode(Int.self, forKey: .containerPort), proto: c.decode(PortProtocol.self, forKey: .proto))
    }

    /// `80/tcp`, the key Docker uses in `ExposedPorts` and `PortBindings`.
    public var dockerKey: String { "\(containerPort)/\(proto.rawValue)" }

    public static func < (a: PortSpec, b: PortSpec) -> Bool {
        (a.containerPort, a.proto.rawValue) < (b.containerPort, b.proto.rawValue)
    }

    private static func proto(_ text: String, field: String) throws -> PortProtocol {
        guard let proto = PortProtocol(rawValue: text.lowercased()) else {
            throw APIError.validation(field, "protocol must be \"tcp\", \"udp\" or \"sctp\"")
        }
        return proto
    }

    private static func integer(_ number: Double, field: String) throws -> Int {
        guard number.isFinite, number == number.rounded(), abs(number) < 1e9 else {
            throw APIError.validation(field, "container ports must be whole numbers between 1 and 65535")
        }
        return Int(number)
    }
}

/// The declared ports: at most 50, no duplicates, kept sorted so the spec hash is stable.
public struct PortList: Sendable, Hashable {
    public let ports: [PortSpec]

    public init(_ ports: [PortSpec]) throws {
        guard ports.count <= Limits.portsMaxCount else {
            throw APIError.validation("ports", "at most \(Limits.portsMaxCount) ports may be declared")
        }
        guard Set(ports).count == ports.count else {
            throw APIError.validation("ports", "each container port and protocol may be declared once")
        }
        self.ports = ports.sorted()
    }

    init(json: JSONValue) throws {
        guard case .array(let items) = json else {
            throw APIError.validation("ports", "ports must be an array")
        }
        guard items.count <= Limits.portsMaxCount else {
            throw APIError.validation("ports", "at most \(Limits.portsMaxCount) ports may be declared")
        }
        var seen = Set<PortSpec>()
        try self.init(items.enumerated().map { index, item in
            let port = try PortSpec(json: item, field: "ports[\(index)]")
            // Name the repeated item, like every other per-port error.
            guard seen.insert(port).inserted else {
                throw APIError.validation("ports[\(index)]", "each container port and protocol may be declared once")
            }
            return port
        })
    }
}
