import DockerEngine

extension DockerClient {
    /// Removes a container with its anonymous volumes (an image's VOLUME would otherwise outlive
    /// it and fill the host's disk), killing it if it runs; one already gone is not an error.
    /// Every removal the platform makes goes through here.
    func removeIfPresent(_ reference: String) throws(DockerError) {
        do {
            try removeContainer(reference, force: true, removeVolumes: true)
        } catch .notFound {}
    }

    /// Inspects a container; nil when there is none.
    func inspectIfPresent(_ reference: String) throws(DockerError) -> ContainerInspect? {
        do {
            return try inspectContainer(reference)
        } catch .notFound {
            return nil
        }
    }
}

extension DockerClient {
    /// Creates a network; false when one of that name exists already (another run or thread made
    /// it). Docker's duplicate check is not atomic: a concurrent create of the same network loses
    /// with a 403 on the bridge name instead of a 409.
    func createNetworkUnlessPresent(_ request: NetworkCreateRequest) throws(DockerError) -> Bool {
        do {
            _ = try createNetwork(request)
            return true
        } catch .conflict {
            return false
        } catch .daemon(let status, let message) where status == 403 {
            if try networkExists(request.name) { return false }
            throw .daemon(status: status, message: message)
        }
    }

    func networkExists(_ name: String) throws(DockerError) -> Bool {
        do {
            _ = try inspectNetwork(name)
            return true
        } catch .notFound {
            return false
        }
    }

    /// Removes a network; false when a container still uses it (Docker answers 403) or it is gone.
    func removeNetworkIfUnused(_ name: String) throws(DockerError) -> Bool {
        do {
            try removeNetwork(name)
            return true
        } catch .notFound {
            return false
        } catch .daemon(let status, _) where status == 403 {
            return false
        }
    }
}

extension DockerClient {
    /// New log lines of a container; nil when the container is gone.
    func logsIfPresent(_ id: String, since: LogTimestamp?, tail: Int) throws(DockerError) -> [LogLine]? {
        do {
            return try containerLogs(id, since: since, tail: tail)
        } catch .notFound {
            return nil
        }
    }
}

extension Error {
    /// Docker refused an operation (as opposed to being unreachable): the container's failure.
    var isDockerRefusal: Bool {
        guard let docker = self as? DockerError else { return false }
        if case .transport = docker { return false }
        return true
    }

    /// Docker's own message when it refused, for `last_error`.
    var failureMessage: String {
        (self as? DockerError)?.message ?? "\(self)"
    }
}
