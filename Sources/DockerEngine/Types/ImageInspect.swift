/// The answer to `GET /images/{name}/json` (the fields the platform reads).
public struct ImageInspect: Decodable, Sendable, Equatable {
    /// `sha256:…`
    public var id: String
    public var repoTags: [String]?
    public var repoDigests: [String]?
    /// Bytes.
    public var size: Int64?

    enum CodingKeys: String, CodingKey {
        case id = "Id", repoTags = "RepoTags", repoDigests = "RepoDigests", size = "Size"
    }
}
