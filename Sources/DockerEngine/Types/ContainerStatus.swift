/// Docker's container status word. A struct rather than an enum so a status added by a newer
/// daemon still decodes.
public struct ContainerStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let created = ContainerStatus(rawValue: "created")
    public static let running = ContainerStatus(rawValue: "running")
    public static let paused = ContainerStatus(rawValue: "paused")
    public static let restarting = ContainerStatus(rawValue: "restarting")
    public static let removing = ContainerStatus(rawValue: "removing")
    public static let exited = ContainerStatus(rawValue: "exited")
    public static let dead = ContainerStatus(rawValue: "dead")

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
