import Foundation

/// The one configuration file every binary reads: `--config FILE`, else
/// `$DRO_CONFIG`, else `/etc/dro/dro.json`. It holds database credentials: keep it mode 0640.
public struct DROConfig: Sendable, Decodable {
    public static let defaultPath = "/etc/dro/dro.json"

    /// Labels every Docker object this installation manages; two installations may share a dockerd.
    public var installationID: String
    public var database: DatabaseConfig
    public var api: APIConfig
    public var reconciler: ReconcilerConfig
    public var retention: RetentionConfig
    public var webhooks: WebhooksConfig

    enum CodingKeys: String, CodingKey {
        case installationID = "installation_id"
        case database, api, reconciler, retention, webhooks
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        installationID = try c.decode(String.self, forKey: .installationID)
        database = try c.decode(DatabaseConfig.self, forKey: .database)
        api = try c.decodeIfPresent(APIConfig.self, forKey: .api) ?? APIConfig()
        reconciler = try c.decodeIfPresent(ReconcilerConfig.self, forKey: .reconciler) ?? ReconcilerConfig()
        retention = try c.decodeIfPresent(RetentionConfig.self, forKey: .retention) ?? RetentionConfig()
        webhooks = try c.decodeIfPresent(WebhooksConfig.self, forKey: .webhooks) ?? WebhooksConfig()
    }

    /// The path to read: the explicit one, else `$DRO_CONFIG`, else the default.
    public static func resolvePath(_ explicit: String?) -> String {
        explicit ?? ProcessInfo.processInfo.environment["DRO_CONFIG"] ?? defaultPath
    }

    /// Reads and decodes the file; errors name the file and what is wrong in it.
    public static func load(path explicit: String? = nil) throws -> DROConfig {
        let path = resolvePath(explicit)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read config file \(path) (set --config or DRO_CONFIG)")
        }
        do {
            return try JSONDecoder().decode(DROConfig.self, from: data)
        } catch let error as DecodingError {
            throw ConfigError("config file \(path): \(ConfigError.describe(error))")
        }
    }
}

/// A configuration problem, reported to the operator verbatim.
public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "invalid JSON at \(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
