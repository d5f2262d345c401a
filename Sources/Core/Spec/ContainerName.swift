/// A container name: 1–63 characters of `^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`.
public struct ContainerName: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    public var description: String { value }

    public init(_ value: String) throws {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= Limits.nameMaxLength else {
            throw APIError.validation("name", "name must be 1 to \(Limits.nameMaxLength) characters")
        }
        let isLowerAlnum: (UInt8) -> Bool = { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) }
        guard let first = bytes.first, let last = bytes.last,
              bytes.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }),
              isLowerAlnum(first), isLowerAlnum(last)
        else {
            throw APIError.validation(
                "name", "name may contain only a-z, 0-9 and '-', and must start and end with a letter or digit")
        }
        self.value = value
    }
}
