/// A path such as `/v1/containers/{id}/logs`: literal segments and named parameters.
public struct PathTemplate: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]
    public let description: String

    public init(_ text: String) {
        description = text
        segments = text.split(separator: "/").map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
        }
    }

    /// The parameters when `path` (split on `/`) fits the template; nil otherwise. A parameter
    /// matches one non-empty segment of at most 128 printable ASCII characters: every id, key
    /// and scope is one, and nothing else reaches a query (an `ascii` column compared with other
    /// text is a database error, not a miss).
    func match(_ path: [Substring]) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters = [String: String]()
        for (segment, part) in zip(segments, path) {
            switch segment {
            case .literal(let text): guard part == text else { return nil }
            case .parameter(let name):
                guard part.utf8.count <= 128, part.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }
}
