import APIMetrics
import ArgumentParser
import Config
import FastCGI
import HTTPAPI
import Foundation
import LineLogging
import Logging
import Store

/// `dro-api`: the FastCGI responder nginx forwards the HTTP API to.
@main
struct DroAPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dro-api", abstract: "DRO Cloud's API: a FastCGI responder behind nginx.")

    /// The oldest schema each role works with (the operator API's webhooks need 7); later
    /// additive ones are accepted too.
    static func schema(_ role: APIRole) -> SchemaCompatibility { SchemaCompatibility(minimum: role == .operator ? 7 : 6) }

    @Option(help: "The config file (default: $DRO_CONFIG, else \(DROConfig.defaultPath)).")
    var config: String?

    @Option(help: "Seconds to wait for the database at start-up.")
    var waitForDatabase: Int = 30

    @Option(help: "tenant (the tenant API) or operator (the operator API under /v1/admin/, on api.operator_listen).")
    var role: APIRole = .tenant

    func run() throws {
        LoggingSystem.bootstrap(LineLogHandler.init)
        let logger = Logger(label: "dro-api")
        let settings = try DROConfig.load(path: config)
        StoreLibrary.initialize()
        _ = try APIServices.createPolicy(settings.api)  // a config error stops the start, not a request
        let metrics = APIMetrics(role: role.rawValue)
        let metricsServer = try MetricsEndpoint.bind(settings, role: role, metrics: metrics, logger: logger)
        try checkSchema(settings, logger: logger)
        metrics.databaseReached(true)
        metrics.bootstrapMetricsSystem()
        metricsServer?.start()
        let address = role.listen(settings.api)
        let listener = try Self.listener(address, settings.api)
        ShutdownSignals.install(listener: listener)
        logger.info("listening", metadata: [
            "role": "\(role.rawValue)", "listen": "\(address)", "threads": "\(role.threads(settings.api))",
            "metrics": "\(role.metricsListen(settings.api) ?? "off")",
        ])
        ResponderServer(config: settings, role: role, listener: listener, metrics: metrics, logger: logger).run()
        listener.remove()
        logger.info("stopped: requests in flight finished")
    }

    private static func listener(_ address: ResponderAddress, _ api: APIConfig) throws -> FastCGIListener {
        switch address {
        case .unix(let path):
            guard let mode = mode_t(api.socketMode, radix: 8) else {
                throw ValidationError("api.socket_mode must be octal, e.g. \"0660\"")
            }
            return try FastCGIListener(unixPath: path, mode: mode, group: api.socketGroup)
        case .tcp(let host, let port):
            return try FastCGIListener(host: host, port: port, allowedPeers: api.allowedPeers)
        }
    }

    /// Waits for the database, then refuses to serve a schema this build does not know.
    private func checkSchema(_ settings: DROConfig, logger: Logger) throws {
        let database = try Database(config: settings.database, role: role.databaseRole)
        let deadline = Date().addingTimeInterval(TimeInterval(waitForDatabase))
        while true {
            do {
                try Migrator.check(database, Self.schema(role), binary: "dro-api")
                return
            } catch let error as StoreError where error.kind == .unavailable && Date() < deadline {
                logger.warning("database not reachable yet: \(error.description)")
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}

extension APIRole: ExpressibleByArgument {}
