/// The labels of one answered request, bounded whatever the client sends: the route is the
/// matched template (`-` when none matched) and an unknown method counts as `other`.
public struct RequestLabels: Sendable, Hashable {
    public let route: String
    public let method: String
    public let status: String

    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    public init(route: String, method: String, status: Int) {
        self.route = route
        self.method = Self.knownMethods.contains(method) ? method : "other"
        self.status = String(status)
    }

    var counterLabels: [(String, String)] { [("route", route), ("method", method), ("status", status)] }
}
