extension KeyedDecodingContainer {
    /// Overwrites `target` (which holds its default) when the key is present.
    func read<T: Decodable>(_ key: Key, into target: inout T) throws {
        if let value = try decodeIfPresent(T.self, forKey: key) { target = value }
    }

    /// For a setting whose default is on: absent keeps the default, `null` turns it off.
    func readNullable<T: Decodable>(_ key: Key, into target: inout T?) throws {
        guard contains(key) else { return }
        target = try decodeNil(forKey: key) ? nil : decode(T.self, forKey: key)
    }
}
