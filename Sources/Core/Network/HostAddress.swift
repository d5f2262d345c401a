import Foundation

/// Where tenants reach a host's published ports: an IP literal or a DNS name (≤ 253 characters
/// of letters, digits, '-' and '.', labels of 1–63 not starting or ending with '-').
public struct HostAddress: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    public var description: String { value }

    public init(_ value: String) throws {
        guard Self.isIPLiteral(value) || Self.isDNSName(value) else {
            throw APIError.validation("public_address", "public_address must be an IP address or a DNS name")
        }
        self.value = value
    }

    /// An IPv4 or IPv6 address, as the C library parses it.
    public static func isIPLiteral(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    static func isDNSName(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }
}
