import Config
import Core
import Foundation
import Store

/// What one responder thread owns: its database and its JSON coders, reused for every request it
/// serves. Opening it does not connect; the first request does.
public final class APIServices {
    let config: APIConfig
    let webhooks: WebhooksConfig
    let database: Database
    let encoder: JSONEncoder
    let creation: ContainerCreation
    let transitions: ContainerTransitions
    let update: ContainerUpdate
    let createPolicy: CreatePolicy
    let events: EventFeed

    public init(config: DROConfig, role: APIRole = .tenant, observer: (any DatabaseObserver)? = nil) throws {
        self.config = config.api
        webhooks = config.webhooks
        createPolicy = try Self.createPolicy(config.api)
        database = try Database(config: config.database, role: role.databaseRole, transactionAttempts: config.api.transactionAttempts, observer: observer)
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        creation = ContainerCreation(database: database, idempotencyTTLHours: config.api.idempotencyTTLHours)
        transitions = ContainerTransitions(database: database)
        update = ContainerUpdate(database: database, policy: createPolicy)
        events = EventFeed(database, settleSeconds: config.api.eventsSettleSeconds, retentionDays: config.retention.eventsDays)
    }

    /// The registries and default limits of the config; an invalid default is a config error.
    public static func createPolicy(_ config: APIConfig) throws -> CreatePolicy {
        let defaults: PlatformDefaults
        do {
            defaults = try PlatformDefaults(cpuLimit: config.defaultCPULimit, memLimit: config.defaultMemLimit)
        } catch let error as APIError {
            throw ConfigError("api.default_\(error.field ?? "limit"): \(error.message)")
        }
        return CreatePolicy(defaults: defaults, registries: RegistryPolicy(allowed: config.allowedRegistries))
    }

    func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A container's JSON, written straight from its record.
    static func json(_ record: ContainerRecord) throws -> JSONOutput {
        var output = JSONOutput(capacity: 1024 + record.spec.count)
        try ContainerJSON.write(record, into: &output)
        return output
    }
}
