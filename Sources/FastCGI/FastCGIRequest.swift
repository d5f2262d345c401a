import CFastCGI

/// One thread's FastCGI request slot, reused for every request that thread serves.
/// Parameters and streams are valid between `accept()` and `finish()`.
public final class FastCGIRequest {
    private let raw: UnsafeMutablePointer<FCGX_Request>
    private let keptSlot = KeptConnections.claimSlot()

    public init(listener: FastCGIListener) {
        raw = .allocate(capacity: 1)
        raw.initialize(to: FCGX_Request())
        // Startup only (once per responder thread, before its first accept); it only fails on
        // allocation failure.
        precondition(FCGX_InitRequest(raw, listener.descriptor, 0) == 0, "FCGX_InitRequest failed")
    }

    deinit {
        FCGX_Free(raw, 0)
        raw.deinitialize(count: 1)
        raw.deallocate()
    }

    /// Waits for the next request (on the kept connection, if the web server kept the last one
    /// open, else on the listener); false once the listener is shut down.
    public func accept() -> Bool {
        defer { KeptConnections.busy(slot: keptSlot) }
        if holdsKeptConnection {
            KeptConnections.waiting(slot: keptSlot, on: raw.pointee.ipcFd)
            if KeptConnections.isStopping {
                // Stopping: hand the connection back to the web server rather than wait on it.
                FCGX_Free(raw, 1)
                return false
            }
        }
        return FCGX_Accept_r(raw) == 0
    }

    /// Whether the last request's connection stays open for the next one (`fastcgi_keep_conn`):
    /// then `accept()` reads from it and does not touch the listener.
    public var holdsKeptConnection: Bool { raw.pointee.ipcFd >= 0 }

    /// Completes the request and flushes the response to the web server.
    public func finish() { FCGX_Finish_r(raw) }

    /// A CGI parameter (`REQUEST_METHOD`, `DOCUMENT_URI`, `HTTP_AUTHORIZATION`, …).
    public func parameter(_ name: String) -> String? {
        guard let value = FCGX_GetParam(name, raw.pointee.envp) else { return nil }
        return String(cString: value)
    }

    /// Reads the request body, at most `limit` bytes; `nil` when the body is longer than that.
    public func readBody(limit: Int) -> [UInt8]? {
        let declared = parameter("CONTENT_LENGTH").flatMap(Int.init) ?? 0
        guard declared <= limit else { return nil }
        guard declared > 0 else { return [] }
        var body = [UInt8](repeating: 0, count: declared)
        var filled = 0
        while filled < declared {
            let read = body.withUnsafeMutableBufferPointer { buffer -> Int32 in
                guard let base = buffer.baseAddress else { return 0 }
                return base.withMemoryRebound(to: CChar.self, capacity: declared) {
                    FCGX_GetStr($0 + filled, Int32(declared - filled), raw.pointee.in)
                }
            }
            guard read > 0 else { break }
            filled += Int(read)
        }
        return Array(body[0..<filled])
    }

    /// Writes bytes of the response (CGI headers, a blank line, then the body).
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                _ = FCGX_PutStr($0, Int32(buffer.count), raw.pointee.out)
            }
        }
    }
}
