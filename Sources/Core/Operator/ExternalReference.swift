/// A panel's own id for a tenant (its service or account id): 1–128 printable ASCII characters.
public struct ExternalReference: Sendable, Hashable, CustomStringConvertible {
    public static let maxLength = 128
    public let value: String
    public var description: String { value }

    public init(_ value: String, field: String = "external_ref") throws {
        let bytes = value.utf8
        guard !bytes.isEmpty, bytes.count <= Self.maxLength, bytes.allSatisfy({ (0x20...0x7e).contains($0) }) else {
            throw APIError.validation(field, "\(field) must be 1 to \(Self.maxLength) printable ASCII characters")
        }
        self.value = value
    }
}
