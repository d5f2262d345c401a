extension DockerClient {
    /// Checks that dockerd answers.
    ///
    /// Maps to GET /_ping
    public func ping() throws(DockerError) {
        _ = try send(DockerRequest(.get, "_ping"))
    }

    /// The daemon's version and API range.
    ///
    /// Maps to GET /version
    public func version() throws(DockerError) -> SystemVersion {
        try send(DockerRequest(.get, "version"))
    }

    /// The daemon host's capacity (CPUs, memory) and identity.
    ///
    /// Maps to GET /info
    public func info() throws(DockerError) -> SystemInfo {
        try send(DockerRequest(.get, "info"))
    }
}
