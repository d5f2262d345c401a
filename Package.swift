// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dro-cloud",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dro-api", targets: ["FCGIApp"]),
        .executable(name: "dro-admin", targets: ["Admin"]),
        .executable(name: "dro-reconcile", targets: ["Reconcile"]),
        .executable(name: "dro-webhooks", targets: ["Webhooks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries, each wrapped once behind a small Swift type.
        .systemLibrary(name: "CFastCGI", pkgConfig: "fcgi", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        .target(name: "CryptoPrimitives", dependencies: ["COpenSSL"]),
        .target(name: "MariaDB", dependencies: ["CMariaDB"]),
        .target(name: "FastCGI", dependencies: ["CFastCGI"]),
        // The Docker Engine API (v1.41) over the unix socket, one method per endpoint.
        .target(name: "DockerEngine", dependencies: ["CCurl"]),

        // One log line per event, UTC, without a shared lock: for the long-running binaries.
        .target(name: "LineLogging", dependencies: [.product(name: "Logging", package: "swift-log")]),

        // Pure domain logic: validation, quota and placement decisions, spec hashing.
        .target(name: "Core", dependencies: ["CryptoPrimitives"]),
        // The one config file every binary reads (validated with Core's value types).
        .target(name: "Config", dependencies: ["Core"]),
        // All SQL lives here: migrations, aggregates, the create transaction, the job queue. The
        // only target that imports MariaDB: its callers see store types and StoreError.
        .target(name: "Store", dependencies: ["Core", "Config", "MariaDB", "CryptoPrimitives"]),

        // The HTTP API as data: routes (method, template, auth kind, handler), the responder that
        // authenticates and contains failures, the handlers. Testable in-process, without FastCGI.
        .target(
            name: "HTTPAPI",
            dependencies: ["Core", "Config", "Store", "CryptoPrimitives", .product(name: "Logging", package: "swift-log")]
        ),
        // A dro-api process's Prometheus metrics and the loopback HTTP server that exposes them.
        .target(
            name: "APIMetrics",
            dependencies: [
                "Store",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // dro-api: libfcgi threads feeding the HTTP API.
        .executableTarget(
            name: "FCGIApp",
            dependencies: [
                "Config", "Store", "HTTPAPI", "FastCGI", "LineLogging", "APIMetrics",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "Admin",
            dependencies: ["Core", "Config", "Store", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // What the cron-run binaries share on their command line.
        .target(name: "CronRun", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // The node_exporter textfile each dro-reconcile run writes: formatting, parsing, atomic replacement.
        .target(name: "ReconcileTextfile"),

        .executableTarget(
            name: "Reconcile",
            dependencies: [
                "Core", "Config", "Store", "DockerEngine", "CryptoPrimitives", "LineLogging", "CronRun", "ReconcileTextfile",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // dro-webhooks: posts events to webhook endpoints over libcurl, as its own database user.
        .executableTarget(
            name: "Webhooks",
            dependencies: [
                "Core", "Config", "Store", "CCurl", "CryptoPrimitives", "LineLogging", "CronRun",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "CoreTests", dependencies: ["Core"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config"]),
        .testTarget(name: "DockerEngineTests", dependencies: ["DockerEngine"]),
        .testTarget(name: "LineLoggingTests", dependencies: ["LineLogging"]),
        .testTarget(name: "ReconcileTextfileTests", dependencies: ["ReconcileTextfile"]),
        .testTarget(name: "APIMetricsTests", dependencies: ["APIMetrics", "Store"]),
        .testTarget(name: "HTTPAPITests", dependencies: ["HTTPAPI", "Core", "Config", "Store", .product(name: "Logging", package: "swift-log")]),
    ]
)
