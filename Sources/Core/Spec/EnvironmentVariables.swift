/// The container's environment: at most 200 keys of `^[A-Za-z_][A-Za-z0-9_]*$` (≤ 128 chars),
/// string values of at most 32 KiB without NUL. Values are tenant secrets: no message here quotes one.
public struct EnvironmentVariables: Sendable, Hashable {
    public let values: [String: String]

    public init(_ values: [String: String]) throws {
        guard values.count <= Limits.envMaxKeys else {
            throw APIError.validation("env", "env may hold at most \(Limits.envMaxKeys) variables")
        }
        for (key, value) in values {
            try Self.checkKey(key)
            guard value.utf8.count <= Limits.envValueMaxBytes else {
                throw APIError.validation("env.\(key)", "env values may be at most \(Limits.envValueMaxBytes) bytes")
            }
            guard !value.utf8.contains(0) else {
                throw APIError.validation("env.\(key)", "env values may not contain NUL")
            }
        }
        self.values = values
    }

    init(json: JSONValue) throws {
        guard case .object(let object) = json else {
            throw APIError.validation("env", "env must be an object of string values")
        }
        var values = [String: String]()
        for (key, value) in object {
            guard case .string(let text) = value else {
                // The key is checked first so that a hostile key is never echoed unvalidated.
                try Self.checkKey(key)
                throw APIError.validation("env.\(key)", "env values must be strings")
            }
            values[key] = text
        }
        try self.init(values)
    }

    private static func checkKey(_ key: String) throws {
        let bytes = Array(key.utf8)
        let isLetter: (UInt8) -> Bool = { (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || $0 == UInt8(ascii: "_") }
        guard let first = bytes.first, bytes.count <= Limits.envKeyMaxLength, isLetter(first),
              bytes.allSatisfy({ isLetter($0) || (0x30...0x39).contains($0) })
        else {
            throw APIError.validation("env", "env keys must match ^[A-Za-z_][A-Za-z0-9_]*$ and be at most \(Limits.envKeyMaxLength) characters")
        }
    }
}
