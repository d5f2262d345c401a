/// One sample line of Prometheus' text exposition format: `name{label="value",…} value`.
public struct ExpositionLine: Sendable, Hashable {
    public let name: String
    public let labels: [String: String]
    public let value: Double

    public init(_ name: String, _ labels: [String: String], _ value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }

    /// The line as node_exporter reads it, labels sorted by name.
    public var text: String {
        let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(Self.escaped($0.value))\"" }
        let labelText = pairs.isEmpty ? "" : "{\(pairs.joined(separator: ","))}"
        return "\(name)\(labelText) \(Self.number(value))"
    }

    /// Whole numbers without a fraction (counts and counters read as such); others in full.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func escaped(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
