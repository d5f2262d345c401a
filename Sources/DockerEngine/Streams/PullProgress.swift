import Foundation

/// Reads the progress of `POST /images/create`.
///
/// Once a pull has begun, dockerd has already answered `200` and can only report a failure as an
/// `{"error": …, "errorDetail": {"message": …}}` object among its newline-delimited JSON messages.
enum PullProgress {
    private struct Message: Decodable {
        struct Detail: Decodable { var message: String? }
        var error: String?
        var errorDetail: Detail?
    }

    /// The first error the stream reports, if any.
    static func firstError(in body: [UInt8], decoder: JSONDecoder) throws(DockerError) -> String? {
        for line in body.split(separator: UInt8(ascii: "\n")) where !line.allSatisfy(Self.isWhitespace) {
            let message: Message
            do {
                message = try decoder.decode(Message.self, from: Data(line))
            } catch {
                let text = String(decoding: line.prefix(200), as: UTF8.self)
                throw .transport("image pull: unreadable progress message: \(text)")
            }
            if let error = message.errorDetail?.message ?? message.error { return error }
        }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }
}
