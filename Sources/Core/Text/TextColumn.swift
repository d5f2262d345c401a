/// A bounded text column. MariaDB's `VARCHAR(n)` in utf8mb4 counts code points, not Swift
/// `Character`s: one character can hold thousands of combining scalars. Every bounded text the
/// platform stores goes through `fit`, so a strict-mode insert never fails on its length.
public struct TextColumn: Sendable, Hashable {
    /// At most this many Unicode scalars (code points).
    public let scalars: Int
    /// At most this many bytes of UTF-8.
    public let bytes: Int

    /// Room for at least the ellipsis is kept whatever the arguments say.
    public init(scalars: Int, bytes: Int) {
        self.scalars = max(1, scalars)
        self.bytes = max(4, bytes)
    }

    /// `containers.last_error` and `jobs.last_error`: `VARCHAR(1024)`.
    public static let errorText = TextColumn(scalars: 1024, bytes: 4096)

    /// `events.actor`: `VARCHAR(128)`.
    public static let actor = TextColumn(scalars: 128, bytes: 512)

    /// `events.request_id`: `VARCHAR(64)`.
    public static let requestID = TextColumn(scalars: 64, bytes: 256)

    /// Marks text that was cut.
    static let ellipsis: Unicode.Scalar = "…"

    /// `text` unchanged when it fits, else cut at a scalar boundary and ended with `…`, so that
    /// the result fits in both scalars and bytes.
    public func fit(_ text: String) -> String {
        var count = 0
        var size = 0
        for scalar in text.unicodeScalars {
            count += 1
            size += scalar.utf8.count
            if count > scalars || size > bytes { return cut(text) }
        }
        return text
    }

    private func cut(_ text: String) -> String {
        let roomScalars = scalars - 1
        let roomBytes = bytes - Self.ellipsis.utf8.count
        var kept = String.UnicodeScalarView()
        var size = 0
        for scalar in text.unicodeScalars {
            guard kept.count < roomScalars, size + scalar.utf8.count <= roomBytes else { break }
            kept.append(scalar)
            size += scalar.utf8.count
        }
        kept.append(Self.ellipsis)
        return String(kept)
    }
}
