import DockerEngine
import Foundation
import Testing

/// One test's client, unique names and `dro.test=<id>` label against the dockerd under test.
/// `with` removes every container and network carrying the label when the test ends.
final class DockerFixture {
    let client: DockerClient
    let socketPath: String
    /// The test image (built by `scripts/lib/busybox-image.sh`).
    let image: String
    /// Random per test; part of every name and of the `dro.test` label.
    let id: String

    /// The label every object of this test carries (and cleanup selects on).
    var labels: [String: String] { ["dro.test": id] }

    /// Runs `body` with a fresh fixture and cleans up after it, whatever happens.
    static func with<Result>(_ body: (DockerFixture) throws -> Result) throws -> Result {
        let fixture = try DockerFixture()
        defer { fixture.cleanUp() }
        return try body(fixture)
    }

    private init() throws {
        let environment = ProcessInfo.processInfo.environment
        socketPath = try #require(
            environment["DRO_TEST_DOCKER_SOCKET"].flatMap { $0.isEmpty ? nil : $0 },
            "DRO_TEST_DOCKER_SOCKET is not set: run the Docker tests through `make test`, which provides dockerd"
        )
        image = try #require(
            environment["DRO_TEST_IMAGE"].flatMap { $0.isEmpty ? nil : $0 },
            "DRO_TEST_IMAGE is not set: run the Docker tests through `make test`, which builds the test image"
        )
        client = try DockerClient(socketPath: socketPath)
        id = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    /// A Docker name unique to this test.
    func name(_ base: String) -> String { "dro-test-\(base)-\(id)" }

    /// A container as the platform creates them: every hardening field set, ports published on
    /// 127.0.0.1 with Docker-chosen host ports.
    func hardenedContainer(
        cmd: [String],
        ports: [String] = [],
        network: String = "bridge",
        logConfig: LogConfig = LogConfig(type: "json-file", config: ["max-size": "1m", "max-file": "2"]),
        labels extra: [String: String] = [:]
    ) -> ContainerCreateRequest {
        ContainerCreateRequest(
            config: ContainerConfig(
                image: image, cmd: cmd, env: ["DRO_TEST=1"], labels: labels.merging(extra) { $1 }, exposedPorts: ports
            ),
            hostConfig: HostConfig(
                privileged: false,
                capDrop: ["ALL"],
                capAdd: ["CHOWN", "NET_BIND_SERVICE"],
                securityOpt: ["no-new-privileges"],
                pidsLimit: 64,
                memory: 64 << 20,
                memorySwap: 64 << 20,
                nanoCpus: 500_000_000,
                networkMode: network,
                portBindings: Dictionary(uniqueKeysWithValues: ports.map { ($0, [PortBinding(hostIp: "127.0.0.1")]) }),
                restartPolicy: .no,
                logConfig: logConfig,
                readonlyRootfs: false
            )
        )
    }

    /// Creates and starts a hardened container; returns its id.
    func run(_ base: String, cmd: [String], logConfig: LogConfig? = nil) throws -> String {
        let request = logConfig.map { hardenedContainer(cmd: cmd, logConfig: $0) } ?? hardenedContainer(cmd: cmd)
        let id = try client.createContainer(name: name(base), request).id
        try client.startContainer(id)
        return id
    }

    /// Polls until the container is no longer running.
    func waitUntilStopped(_ id: String, timeout: Duration = .seconds(20)) throws -> ContainerInspect {
        let deadline = ContinuousClock.now + timeout
        while true {
            let inspect = try client.inspectContainer(id)
            if !inspect.state.running { return inspect }
            guard ContinuousClock.now < deadline else {
                Issue.record("container \(id) still running after \(timeout)")
                return inspect
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    private func cleanUp() {
        do {
            for container in try client.listContainers(labels: labels) {
                try client.removeContainer(container.id, force: true, removeVolumes: true)
            }
            for network in try client.listNetworks(labels: labels) {
                try client.removeNetwork(network.id)
            }
        } catch {
            Issue.record("cleanup of dro.test=\(id) failed: \(error)")
        }
    }
}
