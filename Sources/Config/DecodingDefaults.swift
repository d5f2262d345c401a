extension KeyedDecodingContainer {
    /// Overwrites `target` (which holds its default) when the key is present.
    func read<T: Decodable>(_ key: Key, into target: inout T) throws {
        if let value = try decodeIfPresent(T.self, forKey: key) { target = value }
    }
}
