import Core
import CryptoPrimitives

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
}
