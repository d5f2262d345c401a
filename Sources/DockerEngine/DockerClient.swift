import Foundation

/// A client for the Docker Engine API, pinned to ``apiVersion``, over dockerd's unix socket.
///
/// Each instance owns one libcurl easy handle and reuses it, so consecutive calls share one
/// keep-alive connection. The class is deliberately not `Sendable`: a handle must not be used by
/// two threads at once, and the compiler enforces that. Create one client per thread.
///
/// Every call blocks until dockerd answers or the request's timeout expires, and throws
/// ``DockerError``.
public final class DockerClient {
    /// The Engine API version in every request path (`/v1.41/containers/...`).
    /// Docker 20.10 (Debian 12) speaks it; newer daemons still accept it.
    public static let apiVersion = "v1.41"

    /// Where dockerd listens and how long to wait for it.
    public struct Configuration: Sendable, Equatable {
        /// dockerd's unix socket, e.g. `/var/run/docker.sock`.
        public var socketPath: String
        /// Limit on establishing the connection to the socket.
        public var connectTimeout: Duration
        /// Limit on a whole request. Stop and restart add their grace period to it.
        public var requestTimeout: Duration
        /// Limit on an image pull, which downloads layers before it answers.
        public var pullTimeout: Duration
        /// Bodies larger than this are refused (a transport error) rather than buffered.
        public var maxResponseBytes: Int

        /// Creates a configuration; the defaults suit a reconciler talking to a local daemon.
        public init(
            socketPath: String = "/var/run/docker.sock",
            connectTimeout: Duration = .seconds(5),
            requestTimeout: Duration = .seconds(60),
            pullTimeout: Duration = .seconds(300),
            maxResponseBytes: Int = 64 << 20
        ) {
            self.socketPath = socketPath
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.pullTimeout = pullTimeout
            self.maxResponseBytes = maxResponseBytes
        }
    }

    /// The settings this client was created with.
    public let configuration: Configuration

    let session: CurlSession
    let encoder = JSONEncoder()
    let decoder = JSONDecoder()

    /// Creates a client. No request is made until the first call.
    public init(configuration: Configuration) throws(DockerError) {
        self.configuration = configuration
        self.session = try CurlSession(
            socketPath: configuration.socketPath,
            connectTimeout: configuration.connectTimeout,
            maxResponseBytes: configuration.maxResponseBytes
        )
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// Creates a client for the daemon at `socketPath` with default timeouts.
    public convenience init(socketPath: String) throws(DockerError) {
        try self.init(configuration: Configuration(socketPath: socketPath))
    }
}
