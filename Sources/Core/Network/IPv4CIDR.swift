/// An IPv4 range such as `10.0.0.0/8`, normalised to its network address (`10.1.2.3/8` is
/// refused: a host address with a prefix is almost always a typo). Tenant bridges are IPv4, so
/// egress rules are too.
public struct IPv4CIDR: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let address: UInt32
    public let prefix: Int

    public init(_ text: String) throws {
        let invalid = APIError.validation("cidr", "'\(text)' is not an IPv4 range such as 10.0.0.0/8")
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix), parts[1].allSatisfy(\.isNumber),
              let address = Self.parse(parts[0])
        else { throw invalid }
        let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - prefix)
        guard address & mask == address else {
            throw APIError.validation("cidr", "'\(text)' has host bits set: write \(Self.format(address & mask))/\(prefix)")
        }
        self.address = address
        self.prefix = prefix
    }

    /// A range written in the code, already normalised.
    init(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, prefix: Int) {
        address = a << 24 | b << 16 | c << 8 | d
        self.prefix = prefix
    }

    public var description: String { "\(Self.format(address))/\(prefix)" }

    public static func < (a: IPv4CIDR, b: IPv4CIDR) -> Bool { (a.address, a.prefix) < (b.address, b.prefix) }

    public init(from decoder: Decoder) throws { try self.init(decoder.singleValueContainer().decode(String.self)) }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// Dotted quad, four decimal octets without leading zeros (which some parsers read as octal).
    private static func parse(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard !octet.isEmpty, octet.count <= 3, octet.allSatisfy({ $0.isASCII && $0.isNumber }),
                  octet == "0" || octet.first != "0", let number = UInt32(octet), number <= 255
            else { return nil }
            value = value << 8 | number
        }
        return value
    }

    private static func format(_ address: UInt32) -> String {
        (0..<4).map { String(address >> (24 - 8 * $0) & 0xff) }.joined(separator: ".")
    }
}
