/// A request body that must be a JSON object, with typed reads that refuse a wrong value with a
/// `400` naming the field. A JSON null means the same as an absent member.
public struct RequestObject: Sendable {
    public let members: [String: JSONValue]

    public init(_ json: JSONValue) throws {
        guard case .object(let members) = json else { throw APIError.validation("body", "the request body must be a JSON object") }
        self.members = members
    }

    /// A member that is present and not null.
    public func member(_ key: String) -> JSONValue? {
        if let value = members[key], value != .null { return value }
        return nil
    }

    public func requiredString(_ key: String) throws -> String {
        guard let text = try optionalString(key) else { throw APIError.validation(key, "\(key) is required") }
        return text
    }

    public func optionalString(_ key: String) throws -> String? {
        guard let value = member(key) else { return nil }
        guard case .string(let text) = value else { throw APIError.validation(key, "\(key) must be a string") }
        return text
    }

    public func optionalInteger(_ key: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let value = member(key) else { return nil }
        guard case .number(let number) = value, number == number.rounded(), number >= Double(range.lowerBound),
              number <= Double(range.upperBound)
        else { throw APIError.validation(key, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)") }
        return Int64(number)
    }
}
