import CryptoPrimitives

/// An endpoint's signing secret, `whsec_<43 base64url>` (256 bits): shown once when the endpoint
/// is registered, stored only sealed (AES-256-GCM under the installation's webhooks key, bound
/// to the endpoint's id). The whole string is the HMAC key, as receivers are given it.
public struct WebhookSecret: Sendable {
    public static let prefix = "whsec_"
    public let value: String

    public init(value: String) { self.value = value }

    public static func mint() throws(CryptoError) -> WebhookSecret {
        WebhookSecret(value: prefix + Base64URL.encode(try SecureRandom.bytes(32)))
    }

    public func seal(key: [UInt8], webhookID: String) throws(CryptoError) -> (ciphertext: [UInt8], nonce: [UInt8]) {
        let sealed = try AESGCM.seal(Array(value.utf8), key: key, associated: Array(webhookID.utf8))
        return (sealed.box, sealed.nonce)
    }

    public static func open(ciphertext: [UInt8], nonce: [UInt8], key: [UInt8], webhookID: String) throws(CryptoError) -> WebhookSecret {
        WebhookSecret(value: String(decoding: try AESGCM.open(ciphertext, key: key, nonce: nonce, associated: Array(webhookID.utf8)), as: UTF8.self))
    }
}
