import CCurl
import Foundation

/// One libcurl easy handle speaking HTTP/1.1 over a unix socket.
///
/// The handle is reset and reconfigured for every request; `curl_easy_reset` keeps its live
/// connection, so requests reuse one keep-alive connection to dockerd.
final class CurlSession {
    private static let globalInit = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let socketPath: String
    private let connectTimeout: Duration
    private let maxResponseBytes: Int

    /// Connections opened so far; stays at 1 while keep-alive works.
    private(set) var connectionsOpened = 0

    init(socketPath: String, connectTimeout: Duration, maxResponseBytes: Int) throws(DockerError) {
        try Self.globalInit.check("curl_global_init")
        guard let handle = curl_easy_init() else { throw .transport("curl_easy_init failed") }
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        self.socketPath = socketPath
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends one request and returns the status and the whole body.
    ///
    /// - Parameters:
    ///   - target: the path and query, e.g. `/v1.41/containers/json?all=1`.
    ///   - body: a JSON body; POST requests without one send an empty body.
    func perform(
        method: DockerRequest.Method, target: String, body: Data?, timeout: Duration
    ) throws(DockerError) -> DockerResponse {
        let name = "\(method.rawValue) \(target) via \(socketPath)"
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try configure(method: method, target: target, body: body, timeout: timeout, name: name)

        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        // "Expect:" stops curl from waiting for `100 Continue` before sending larger bodies.
        for header in ["Expect:"] + (method == .post ? ["Content-Type: application/json"] : []) {
            guard let appended = curl_slist_append(headers, header) else {
                throw .transport("\(name): out of memory")
            }
            headers = appended
        }
        try set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(headers), name)

        let sink = ResponseSink(limit: maxResponseBytes)
        try set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque(), name)
        let result = withExtendedLifetime(sink) { curl_easy_perform(handle) }
        if sink.overflowed { throw .transport("\(name): response larger than \(maxResponseBytes) bytes") }
        try result.check(name, detail: String(cString: errorBuffer))

        var status = 0
        var connects = 0
        try dro_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status).check("\(name): response code")
        try dro_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects).check("\(name): connection count")
        connectionsOpened += connects
        return DockerResponse(status: status, body: sink.bytes)
    }

    private func configure(
        method: DockerRequest.Method, target: String, body: Data?, timeout: Duration, name: String
    ) throws(DockerError) {
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer), name)
        try set(CURLOPT_UNIX_SOCKET_PATH, socketPath, name)
        try set(CURLOPT_URL, "http://docker" + target, name)
        // Timeouts must not use signals in a multithreaded process.
        try set(CURLOPT_NOSIGNAL, 1, name)
        try set(CURLOPT_CONNECTTIMEOUT_MS, connectTimeout.milliseconds, name)
        try set(CURLOPT_TIMEOUT_MS, timeout.milliseconds, name)
        try dro_curl_setopt_write_function(handle) { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            return sink.append(UnsafeRawBufferPointer(start: data, count: size * count))
        }.check("\(name): write callback")

        switch method {
        case .get:
            try set(CURLOPT_HTTPGET, 1, name)
        case .delete:
            try set(CURLOPT_CUSTOMREQUEST, method.rawValue, name)
        case .post:
            let payload = body ?? Data()
            try set(CURLOPT_POST, 1, name)
            // Setting the size first makes COPYPOSTFIELDS copy exactly that many bytes.
            try set(CURLOPT_POSTFIELDSIZE, payload.count, name)
            if payload.isEmpty {
                try set(CURLOPT_COPYPOSTFIELDS, "", name)
            } else {
                let code = payload.withUnsafeBytes {
                    dro_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress))
                }
                try code.check("\(name): request body")
            }
        }
    }

    private func set(_ option: CURLoption, _ value: Int, _ name: String) throws(DockerError) {
        try dro_curl_setopt_long(handle, option, value).check("\(name): option \(option.rawValue)")
    }

    private func set(_ option: CURLoption, _ value: String, _ name: String) throws(DockerError) {
        try value.withCString { dro_curl_setopt_string(handle, option, $0) }.check("\(name): option \(option.rawValue)")
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?, _ name: String) throws(DockerError) {
        try dro_curl_setopt_pointer(handle, option, pointer).check("\(name): option \(option.rawValue)")
    }
}

/// Collects a response body for the write callback, up to a limit.
private final class ResponseSink {
    let limit: Int
    var bytes: [UInt8] = []
    var overflowed = false

    init(limit: Int) { self.limit = limit }

    /// Returns the number of bytes taken; fewer than offered makes curl abort the transfer.
    func append(_ chunk: UnsafeRawBufferPointer) -> Int {
        guard bytes.count + chunk.count <= limit else {
            overflowed = true
            return 0
        }
        bytes.append(contentsOf: chunk)
        return chunk.count
    }
}
