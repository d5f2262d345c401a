import CCurl
import Foundation

/// How one POST to an endpoint ended.
enum PostOutcome: Equatable {
    /// A 2xx answer.
    case accepted(status: Int)
    /// Any other answer, or none in time: a short reason for `last_error` (never a response body).
    case failed(String)
}

/// POSTs deliveries with one libcurl easy handle: only http and https, no redirects followed (a
/// redirect is a failure), a whole-request timeout, and the response body read and dropped.
final class WebhookPoster {
    private static let globalInit = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    private let handle: UnsafeMutableRawPointer
    private let timeoutMilliseconds: Int

    init(timeoutSeconds: Double) throws {
        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else { throw DeliveryError("libcurl could not be initialised") }
        self.handle = handle
        timeoutMilliseconds = Int(timeoutSeconds * 1000)
    }

    deinit { curl_easy_cleanup(handle) }

    func post(_ url: String, body: [UInt8], headers: [(String, String)]) -> PostOutcome {
        curl_easy_reset(handle)
        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        // "Expect:" stops curl from waiting for `100 Continue` before sending the body.
        for line in ["Expect:", "User-Agent: dro-webhooks/1"] + headers.map({ "\($0.0): \($0.1)" }) {
            guard let appended = curl_slist_append(list, line) else { return .failed("out of memory") }
            list = appended
        }
        let configured = [
            dro_curl_setopt_string(handle, CURLOPT_URL, url),
            dro_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
            dro_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0),
            // Timeouts must not use signals in a multithreaded process.
            dro_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            dro_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds),
            dro_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, timeoutMilliseconds),
            dro_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list)),
            dro_curl_setopt_long(handle, CURLOPT_POST, 1),
            dro_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count),
            body.withUnsafeBytes { dro_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress)) },
            dro_curl_setopt_write_function(handle) { _, size, count, _ in size * count },
        ]
        if let refused = configured.first(where: { $0 != CURLE_OK }) { return .failed("curl: \(String(cString: curl_easy_strerror(refused)))") }
        let result = curl_easy_perform(handle)
        guard result == CURLE_OK else {
            return .failed(result == CURLE_OPERATION_TIMEDOUT
                ? "no answer within \(timeoutMilliseconds) ms" : "curl: \(String(cString: curl_easy_strerror(result)))")
        }
        var status = 0
        guard dro_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK else { return .failed("curl: no response code") }
        return (200...299).contains(status) ? .accepted(status: status) : .failed("HTTP \(status)")
    }
}

struct DeliveryError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
