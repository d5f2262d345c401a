import Core
import CryptoPrimitives
import Foundation

/// The keyset cursor of a list ordered by unique text keys (a region's name; a host's region and
/// key): URL-safe base64 of `<tag>:` and the last item's keys as a JSON array. The tag tells one
/// list's cursors from another's.
struct KeyOrderCursor {
    let tag: String
    let keys: Int

    func encode(_ values: [String]) -> String {
        let json = (try? JSONEncoder().encode(values)).map(Array.init) ?? []
        return Base64URL.encode(Array("\(tag):".utf8) + json)
    }

    /// A cursor this list returned; anything else is a `400` naming `cursor`.
    func decode(_ cursor: String) throws -> [String] {
        let prefix = Array("\(tag):".utf8)
        guard let bytes = Base64URL.decode(cursor), bytes.starts(with: prefix),
              let values = try? JSONDecoder().decode([String].self, from: Data(bytes.dropFirst(prefix.count))), values.count == keys
        else { throw APIError.validation("cursor", "cursor is not one this API returned") }
        return values
    }
}

/// One page of a keyset-paged list and the cursor of the next (nil after the last page).
public struct ListPage<Item: Sendable>: Sendable {
    public let items: [Item]
    public let nextCursor: String?
}
