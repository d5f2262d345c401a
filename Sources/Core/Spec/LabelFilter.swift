/// One `label=key=value` filter of a container list: exact key and value, each held to the rules
/// of `ContainerLabels` (a value may be empty: `label=key=`).
public struct LabelFilter: Sendable, Hashable {
    public let key: String
    public let value: String

    public init(_ text: String) throws {
        guard let separator = text.firstIndex(of: "=") else {
            throw APIError.validation("label", "label must look like key=value")
        }
        let key = String(text[..<separator])
        let value = String(text[text.index(after: separator)...])
        do {
            _ = try ContainerLabels([key: value])
        } catch let error as APIError {
            throw APIError.validation("label", error.message)
        }
        self.key = key
        self.value = value
    }
}
