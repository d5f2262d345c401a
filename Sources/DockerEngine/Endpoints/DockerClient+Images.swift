extension DockerClient {
    /// A local image, by reference (`repo:tag`, `repo@sha256:…`) or id.
    /// Throws ``DockerError/notFound(_:)`` when the image is not on the host.
    ///
    /// Maps to GET /images/{name}/json
    public func inspectImage(_ reference: String) throws(DockerError) -> ImageInspect {
        try send(DockerRequest(.get, "images", reference, "json"))
    }

    /// Pulls an image and returns once it is on the host, within the configured `pullTimeout`.
    ///
    /// A reference without tag or digest pulls `latest` (never every tag). Failures are thrown
    /// both when dockerd refuses at once (e.g. `500` for an unreachable registry) and when it
    /// reports them inside its `200` progress stream (``DockerError/daemon(status:message:)``
    /// with status 200).
    ///
    /// Maps to POST /images/create
    public func pullImage(_ reference: String) throws(DockerError) {
        let (repository, tag) = Self.splitImageReference(reference)
        let request = DockerRequest(
            .post, "images", "create",
            query: [("fromImage", repository), ("tag", tag)],
            timeout: configuration.pullTimeout
        )
        let response = try send(request)
        if let error = try PullProgress.firstError(in: response.body, decoder: decoder) {
            throw .daemon(status: response.status, message: error)
        }
    }

    /// `repo[:tag][@digest]` as Docker's `fromImage` and `tag` parameters; the tag is the digest
    /// when there is one, else the tag, else `latest`.
    static func splitImageReference(_ reference: String) -> (repository: String, tag: String) {
        if let at = reference.firstIndex(of: "@") {
            return (String(reference[..<at]), String(reference[reference.index(after: at)...]))
        }
        // A colon after the last slash separates the tag; one before it belongs to a registry port.
        let lastSlash = reference.lastIndex(of: "/") ?? reference.startIndex
        if let colon = reference[lastSlash...].lastIndex(of: ":") {
            return (String(reference[..<colon]), String(reference[reference.index(after: colon)...]))
        }
        return (reference, "latest")
    }
}
