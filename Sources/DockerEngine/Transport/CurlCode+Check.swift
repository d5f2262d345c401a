import CCurl

extension CURLcode {
    /// The one place a libcurl return code is checked: anything but `CURLE_OK` becomes a
    /// ``DockerError/transport(_:)`` (``DockerError/timeout(_:)`` when the time ran out) naming
    /// the operation, curl's reason and its detail buffer.
    func check(_ operation: @autoclosure () -> String, detail: @autoclosure () -> String = "") throws(DockerError) {
        guard self != CURLE_OK else { return }
        let reason = String(cString: curl_easy_strerror(self))
        let detail = detail()
        let explanation = detail.isEmpty || detail == reason ? reason : "\(reason) (\(detail))"
        let message = "\(operation()): \(explanation)"
        throw self == CURLE_OPERATION_TIMEDOUT ? .timeout(message) : .transport(message)
    }
}
