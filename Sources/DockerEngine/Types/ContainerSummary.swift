/// One entry of `GET /containers/json`.
public struct ContainerSummary: Decodable, Sendable, Equatable {
    public var id: String
    /// Names with Docker's leading slash.
    public var names: [String]
    public var labels: [String: String]?
    public var state: ContainerStatus
    /// Human text such as `Up 5 minutes` or `Exited (0) 2 hours ago`.
    public var status: String

    /// Creates a summary, e.g. as a fixture for a reconcile planner's tests.
    public init(id: String, names: [String], labels: [String: String]?, state: ContainerStatus, status: String) {
        self.id = id
        self.names = names
        self.labels = labels
        self.state = state
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", names = "Names", labels = "Labels", state = "State", status = "Status"
    }
}
