extension DockerClient {
    /// Creates a container under a name. Throws ``DockerError/conflict(_:)`` when the name is
    /// taken and ``DockerError/notFound(_:)`` when the image is not on the host.
    ///
    /// Maps to POST /containers/create
    public func createContainer(
        name: String, _ request: ContainerCreateRequest
    ) throws(DockerError) -> ContainerCreateResponse {
        try send(DockerRequest(.post, "containers", "create", query: [("name", name)], body: try json(request)))
    }

    /// Starts a container; starting a running one is not an error.
    ///
    /// Maps to POST /containers/{id}/start
    public func startContainer(_ id: String) throws(DockerError) {
        _ = try send(DockerRequest(.post, "containers", id, "start"))
    }

    /// Sends SIGTERM, then SIGKILL after `timeout`; stopping a stopped container is not an error.
    ///
    /// Maps to POST /containers/{id}/stop
    public func stopContainer(_ id: String, timeout: Duration = .seconds(10)) throws(DockerError) {
        _ = try send(DockerRequest(.post, "containers", id, "stop", query: [("t", Self.wholeSeconds(timeout))],
                                   timeout: configuration.requestTimeout + timeout))
    }

    /// Stops (as ``stopContainer(_:timeout:)``) and starts a container; starts a stopped one.
    ///
    /// Maps to POST /containers/{id}/restart
    public func restartContainer(_ id: String, timeout: Duration = .seconds(10)) throws(DockerError) {
        _ = try send(DockerRequest(.post, "containers", id, "restart", query: [("t", Self.wholeSeconds(timeout))],
                                   timeout: configuration.requestTimeout + timeout))
    }

    /// Sends a signal (`SIGKILL`, `TERM`, `9`, …). Throws ``DockerError/conflict(_:)`` when the
    /// container is not running.
    ///
    /// Maps to POST /containers/{id}/kill
    public func killContainer(_ id: String, signal: String = "SIGKILL") throws(DockerError) {
        _ = try send(DockerRequest(.post, "containers", id, "kill", query: [("signal", signal)]))
    }

    /// Removes a container; `force` kills it first if it runs, `removeVolumes` also removes its
    /// anonymous volumes (those an image's `VOLUME` creates).
    ///
    /// Maps to DELETE /containers/{id}
    public func removeContainer(_ id: String, force: Bool = false, removeVolumes: Bool = false) throws(DockerError) {
        let query = [("force", Self.flag(force)), ("v", Self.flag(removeVolumes))]
        _ = try send(DockerRequest(.delete, "containers", id, query: query))
    }

    /// A container's configuration and state, by id or name.
    ///
    /// Maps to GET /containers/{id}/json
    public func inspectContainer(_ id: String) throws(DockerError) -> ContainerInspect {
        try send(DockerRequest(.get, "containers", id, "json"))
    }

    /// The containers that carry every one of `labels` (an empty dictionary selects all).
    /// `all: true` includes stopped and never-started containers.
    ///
    /// Maps to GET /containers/json
    public func listContainers(labels: [String: String], all: Bool = true) throws(DockerError) -> [ContainerSummary] {
        try send(DockerRequest(.get, "containers", "json", query: [("all", Self.flag(all)), try labelFilter(labels)]))
    }

    /// A container's stdout and stderr lines with Docker's timestamps, oldest first per stream.
    ///
    /// - Parameters:
    ///   - since: only lines stamped at or after this instant; Docker's bound is inclusive, so pass
    ///     the last line's `time.next` to read only what is new.
    ///   - tail: only the last `tail` lines.
    ///
    /// Maps to GET /containers/{id}/logs
    public func containerLogs(
        _ id: String, since: LogTimestamp? = nil, tail: Int? = nil
    ) throws(DockerError) -> [LogLine] {
        var query: [(name: String, value: String)] = [("stdout", "1"), ("stderr", "1"), ("timestamps", "1")]
        if let since { query.append(("since", since.description)) }
        if let tail { query.append(("tail", String(tail))) }
        return try LogStreamDecoder.decode(try send(DockerRequest(.get, "containers", id, "logs", query: query)).body)
    }

    private static func flag(_ value: Bool) -> String { value ? "1" : "0" }

    /// Docker's `t` takes whole seconds; round up so a grace period is never shortened.
    private static func wholeSeconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(max(0, seconds + (attoseconds > 0 ? 1 : 0)))
    }
}
