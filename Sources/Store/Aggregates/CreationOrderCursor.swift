import Core
import CryptoPrimitives
import MariaDB

/// The keyset cursor of a list in creation order, `(created_at, id)`: URL-safe base64 of
/// `<tag>:<created_at>|<id>`. The tag tells one list's cursors from another's.
struct CreationOrderCursor {
    let tag: String

    func encode(createdAt: String, id: String) -> String { Base64URL.encode(Array("\(tag):\(createdAt)|\(id)".utf8)) }

    /// A cursor this list returned; anything else is a `400` naming `cursor`.
    func decode(_ cursor: String) throws -> (createdAt: String, id: String) {
        let prefix = "\(tag):"
        guard let bytes = Base64URL.decode(cursor), case let text = String(decoding: bytes, as: UTF8.self), text.hasPrefix(prefix),
              let bar = text.firstIndex(of: "|"), case let createdAt = String(text[text.index(text.startIndex, offsetBy: prefix.count)..<bar]),
              Timestamp(sql: createdAt) != nil
        else { throw APIError.validation("cursor", "cursor is not one this API returned") }
        return (createdAt, String(text[text.index(after: bar)...]))
    }

    /// One page of `table` in creation order: the rows matching every condition that follow the
    /// cursor's position, mapped, and the cursor of the next page (nil on the last).
    func page<Item: Sendable>(
        _ sql: SQLAccess, table: String, columns: String, conditions: [String] = [], _ parameters: [SQLValue] = [],
        cursor: String?, limit: Int, item: (Row) throws -> Item, id: (Item) -> String
    ) throws -> ListPage<Item> {
        var conditions = conditions.isEmpty ? ["1 = 1"] : conditions
        var parameters = parameters
        if let cursor {
            let after = try decode(cursor)
            conditions.append("(created_at, id) > (?, ?)")
            parameters += [.text(after.createdAt), .text(after.id)]
        }
        let rows = try sql.read { try $0.query(
            "SELECT \(columns) FROM \(table) WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at, id LIMIT ?",
            parameters + [.int(Int64(limit + 1))]) }
        let items = try rows.prefix(limit).map(item)
        let next = rows.count > limit ? encode(createdAt: try rows[limit - 1].require("created_at"), id: id(items[limit - 1])) : nil
        return ListPage(items: items, nextCursor: next)
    }
}
