extension DockerClient {
    /// Creates a network. `CheckDuplicate` is always set, so an existing name throws
    /// ``DockerError/conflict(_:)``.
    ///
    /// Maps to POST /networks/create
    public func createNetwork(_ request: NetworkCreateRequest) throws(DockerError) -> NetworkCreateResponse {
        try send(DockerRequest(.post, "networks", "create", body: try json(request)))
    }

    /// A network by name or id.
    ///
    /// Maps to GET /networks/{id}
    public func inspectNetwork(_ id: String) throws(DockerError) -> Network {
        try send(DockerRequest(.get, "networks", id))
    }

    /// Removes a network. While containers are attached Docker refuses with `403`
    /// (``DockerError/daemon(status:message:)``, "has active endpoints").
    ///
    /// Maps to DELETE /networks/{id}
    public func removeNetwork(_ id: String) throws(DockerError) {
        _ = try send(DockerRequest(.delete, "networks", id))
    }

    /// The networks that carry every one of `labels`.
    ///
    /// Maps to GET /networks
    public func listNetworks(labels: [String: String]) throws(DockerError) -> [Network] {
        try send(DockerRequest(.get, "networks", query: [try labelFilter(labels)]))
    }
}
