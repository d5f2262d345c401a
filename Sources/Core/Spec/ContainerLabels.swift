/// A tenant's labels on a container: metadata for panels ("which service is this"), kept in the
/// database and never given to Docker. At most 32; keys `^[a-z0-9]([a-z0-9._/-]{0,62})$`; values
/// of at most 256 printable characters.
public struct ContainerLabels: Sendable, Hashable {
    public let values: [String: String]

    public static let none = ContainerLabels(checked: [:])

    public init(_ values: [String: String]) throws {
        guard values.count <= Limits.labelsMaxCount else {
            throw APIError.validation("labels", "labels may hold at most \(Limits.labelsMaxCount) entries")
        }
        for (key, value) in values {
            try Self.checkKey(key)
            let scalars = value.unicodeScalars
            guard scalars.count <= Limits.labelValueMaxLength, !scalars.contains(where: Self.isControl) else {
                throw APIError.validation("labels.\(key)", "label values are at most \(Limits.labelValueMaxLength) printable characters")
            }
        }
        self.values = values
    }

    private init(checked values: [String: String]) { self.values = values }

    init(json: JSONValue) throws {
        guard case .object(let object) = json else { throw APIError.validation("labels", "labels must be an object of string values") }
        var values = [String: String]()
        for (key, value) in object {
            guard case .string(let text) = value else {
                try Self.checkKey(key)  // a hostile key is never echoed unvalidated
                throw APIError.validation("labels.\(key)", "label values must be strings")
            }
            values[key] = text
        }
        try self.init(values)
    }

    private static func checkKey(_ key: String) throws {
        let bytes = Array(key.utf8)
        let isLowerAlnum: (UInt8) -> Bool = { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) }
        guard let first = bytes.first, bytes.count <= Limits.labelKeyMaxLength, isLowerAlnum(first),
              bytes.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "-") })
        else {
            throw APIError.validation("labels", "label keys must match ^[a-z0-9]([a-z0-9._/-]{0,62})$")
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7f..<0xa0).contains(scalar.value)
    }
}
