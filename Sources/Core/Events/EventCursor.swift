import CryptoPrimitives

/// A consumer's position in the events feed: after the event `afterID`, with `notBefore`, a time
/// no event after that position is older than. Expiry is decided by that time, not by the id:
/// ids have gaps (on a Galera cluster, wide ones), so an id alone cannot tell whether the purge
/// has removed events the consumer has not seen. Opaque to clients; it names no tenant, and the
/// feed's tenant scope always comes from the caller's token.
public struct EventCursor: Sendable, Equatable {
    public let afterID: Int64
    /// Microseconds since the epoch, UTC.
    public let notBefore: Int64

    public init(afterID: Int64, notBefore: Int64) {
        self.afterID = afterID
        self.notBefore = notBefore
    }

    private static let version = "e1"

    /// The form clients store: URL-safe base64 of `e1.<id>.<microseconds>`.
    public var encoded: String { Base64URL.encode(Array("\(Self.version).\(afterID).\(notBefore)".utf8)) }

    /// A cursor this API returned; anything else is a `400` naming `cursor`.
    public init(encoded: String) throws(APIError) {
        let invalid = APIError.validation("cursor", "cursor is not one this API returned")
        guard encoded.utf8.count <= 64, let bytes = Base64URL.decode(encoded) else { throw invalid }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.version, let afterID = Self.natural(parts[1]), let notBefore = Self.natural(parts[2])
        else { throw invalid }
        self.init(afterID: afterID, notBefore: notBefore)
    }

    /// Plain decimal digits only (no sign, no spaces), as `encoded` writes them.
    private static func natural(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int64(text)
    }
}
