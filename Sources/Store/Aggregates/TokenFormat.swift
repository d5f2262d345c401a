import CryptoPrimitives

/// The shape of a bearer token: `<prefix><24 hex>_<43 base64url>`. The hex part is the public id
/// (`<idPrefix><hex>`); the secret carries 256 bits and only its SHA-256 is stored.
struct TokenFormat: Sendable {
    let prefix: String
    let idPrefix: String
    static let idHexLength = 24
    static let secretLength = 43

    /// A fresh token: its id, the secret's digest to store, and the token to show once.
    func mint() throws -> (id: String, secretDigest: [UInt8], token: String) {
        let hex = Hex.encode(try SecureRandom.bytes(Self.idHexLength / 2))
        let secret = Base64URL.encode(try SecureRandom.bytes(32))
        return (idPrefix + hex, try SHA256.digest(secret), prefix + hex + "_" + secret)
    }

    /// Splits a token into its public id and secret; nil when it is not of this format.
    func parse(_ token: String) -> (id: String, secret: String)? {
        let bytes = Array(token.utf8)
        let prefixLength = prefix.utf8.count
        guard bytes.count == prefixLength + Self.idHexLength + 1 + Self.secretLength, token.hasPrefix(prefix),
              bytes[prefixLength + Self.idHexLength] == UInt8(ascii: "_") else { return nil }
        let hex = bytes[prefixLength..<(prefixLength + Self.idHexLength)]
        guard hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return (idPrefix + String(decoding: hex, as: UTF8.self), String(decoding: bytes[(prefixLength + Self.idHexLength + 1)...], as: UTF8.self))
    }
}
