import CryptoPrimitives

/// The `DRO-Signature` header of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
/// "<t>.<body>")>`. The timestamp is signed with the body, so a receiver can refuse old replays.
public enum WebhookSignature {
    public static let header = "DRO-Signature"

    public static func value(secret: WebhookSecret, timestamp: Int64, body: [UInt8]) throws(CryptoError) -> String {
        let signed = Array("\(timestamp).".utf8) + body
        return "t=\(timestamp),v1=\(Hex.encode(try HMACSHA256.code(key: Array(secret.value.utf8), message: signed)))"
    }
}
