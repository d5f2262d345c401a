/// A list answer: `{"<plural>": [...], "next_cursor": …}`, the one shape of every list.
struct ListBody<Item: Encodable>: Encodable {
    let key: String
    let items: [Item]
    let nextCursor: String?

    init(_ key: String, _ items: [Item], nextCursor: String? = nil) {
        self.key = key
        self.items = items
        self.nextCursor = nextCursor
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(items, forKey: Key(stringValue: key))
        try c.encode(nextCursor, forKey: Key(stringValue: "next_cursor"))
    }
}
