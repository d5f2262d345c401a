/// What happens when a container's own process exits (the `restart` field).
public enum RestartPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// An exit 0 is a finished job and stays down; any other exit is restarted with backoff.
    case onFailure = "on-failure"
    /// Every exit is restarted, with backoff while it keeps exiting.
    case always
    /// Nothing is restarted.
    case never

    /// Whether an own exit with `exitCode` is started again.
    public func restarts(exitCode: Int) -> Bool {
        switch self {
        case .onFailure: exitCode != 0
        case .always: true
        case .never: false
        }
    }
}

extension RestartPolicy {
    /// `"on-failure"`, `"always"` or `"never"`.
    init(json: JSONValue) throws {
        guard case .string(let text) = json, let policy = RestartPolicy(rawValue: text) else {
            throw APIError.validation("restart", "restart must be one of: on-failure, always, never")
        }
        self = policy
    }
}
