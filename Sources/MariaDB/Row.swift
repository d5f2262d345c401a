/// One fetched row. Every column arrives as its text (or raw bytes for blobs), as the binary
/// protocol converts it for a string binding; typed accessors parse on demand.
public struct Row: Sendable {
    let columns: ColumnIndex
    let values: [[UInt8]?]

    public func isNull(_ name: String) -> Bool { value(name) == nil }

    /// A column the query must return non-null. A missing one is a bug in the caller's SQL: it
    /// throws (the request answers 500 and its thread keeps serving), never traps.
    public func require(_ name: String) throws -> String {
        guard columns.positions[name] != nil else { throw MariaDBError.programming("column \(name) is not selected") }
        guard let text = string(name) else { throw MariaDBError.programming("column \(name) is NULL") }
        return text
    }

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

    /// The column's value; nil when NULL, or when the query does not select it (which the
    /// callers' tests catch: `require` says which).
    private func value(_ name: String) -> [UInt8]? {
        guard let index = columns.positions[name] else { return nil }
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
