/// The container's command: at most 64 strings of at most 4 KiB, without NUL.
public struct Command: Sendable, Hashable {
    public let arguments: [String]

    public init(_ arguments: [String]) throws {
        guard arguments.count <= Limits.commandMaxItems else {
            throw APIError.validation("command", "command may have at most \(Limits.commandMaxItems) items")
        }
        for (index, argument) in arguments.enumerated() {
            guard argument.utf8.count <= Limits.commandItemMaxBytes else {
                throw APIError.validation("command[\(index)]", "command items may be at most \(Limits.commandItemMaxBytes) bytes")
            }
            guard !argument.utf8.contains(0) else {
                throw APIError.validation("command[\(index)]", "command items may not contain NUL")
            }
        }
        self.arguments = arguments
    }

    init(json: JSONValue) throws {
        guard case .array(let items) = json else {
            throw APIError.validation("command", "command must be an array of strings")
        }
        guard items.count <= Limits.commandMaxItems else {
            throw APIError.validation("command", "command may have at most \(Limits.commandMaxItems) items")
        }
        try self.init(items.enumerated().map { index, item in
            guard case .string(let text) = item else {
                throw APIError.validation("command[\(index)]", "command items must be strings")
            }
            return text
        })
    }
}
