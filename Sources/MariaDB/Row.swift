/// One fetched row. Every column arrives as its text (or raw bytes for blobs), as the binary
/// protocol converts it for a string binding; typed accessors parse on demand.
public struct Row: Sendable {
    let columns: ColumnIndex
    let values: [[UInt8]?]

    public func isNull(_ name: String) -> Bool { value(name) == nil }

    public func bytes(_ name: String) -> [UInt8]? { value(name) }

    public func string(_ name: String) -> String? {
        value(name).map { String(decoding: $0, as: UTF8.self) }
    }

    public func int(_ name: String) -> Int64? {
        value(name).flatMap { Int64(String(decoding: $0, as: UTF8.self)) }
    }

    public func double(_ name: String) -> Double? {
        value(name).flatMap { Double(String(decoding: $0, as: UTF8.self)) }
    }

    public func bool(_ name: String) -> Bool? { int(name).map { $0 != 0 } }

    /// A column that the query must return non-null; a missing one is a programming error.
    public func require(_ name: String) -> String {
        guard let text = string(name) else { preconditionFailure("column \(name) is NULL or not selected") }
        return text
    }

    private func value(_ name: String) -> [UInt8]? {
        guard let index = columns.positions[name] else { preconditionFailure("column \(name) is not selected") }
        return values[index]
    }
}

/// Column name → position, shared by all rows of one result.
final class ColumnIndex: Sendable {
    let positions: [String: Int]
    init(names: [String]) {
        var positions = [String: Int]()
        for (index, name) in names.enumerated() { positions[name] = index }
        self.positions = positions
    }
}
