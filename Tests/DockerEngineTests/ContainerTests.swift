import Foundation
import Testing
import DockerEngine

@Suite("Container endpoints")
struct ContainerTests {
    @Test func hardenedCreateIsReadBackByInspect() throws {
        try DockerFixture.with { fixture in
            // Ports are published from a user-defined bridge, as the platform's per-tenant networks;
            // the test daemons run without the default docker0 bridge.
            let network = fixture.name("net")
            _ = try fixture.client.createNetwork(NetworkCreateRequest(name: network, labels: fixture.labels))
            let request = fixture.hardenedContainer(cmd: ["sleep", "60"], ports: ["8080/tcp"], network: network)
            let created = try fixture.client.createContainer(name: fixture.name("hardened"), request)
            try fixture.client.startContainer(created.id)

            let inspect = try fixture.client.inspectContainer(created.id)
            #expect(inspect.id == created.id)
            #expect(inspect.name == "/" + fixture.name("hardened"))
            #expect(inspect.state.status == .running)
            #expect(inspect.state.running)
            #expect(inspect.state.pid > 0)
            #expect(inspect.config.image == fixture.image)
            #expect(inspect.config.cmd == ["sleep", "60"])
            #expect(inspect.config.env?.contains("DRO_TEST=1") == true)
            #expect(inspect.config.labels?["dro.test"] == fixture.id)

            let host = inspect.hostConfig
            #expect(host.privileged == false)
            #expect(host.capDrop == ["ALL"])
            #expect(host.capAdd == ["CHOWN", "NET_BIND_SERVICE"])
            #expect(host.securityOpt == ["no-new-privileges"])
            #expect(host.pidsLimit == 64)
            #expect(host.memory == 64 << 20)
            #expect(host.memorySwap == host.memory)
            #expect(host.nanoCpus == 500_000_000)
            #expect(host.networkMode == network)
            #expect(host.restartPolicy?.name == "no")
            #expect(host.logConfig == LogConfig(type: "json-file", config: ["max-size": "1m", "max-file": "2"]))
            #expect(host.readonlyRootfs == false)
            #expect(host.portBindings?["8080/tcp"] == [PortBinding(hostIp: "127.0.0.1", hostPort: "")])

            let published = inspect.networkSettings.bindings(for: "8080/tcp")
            #expect(published.count == 1)
            #expect(published.first?.hostIp == "127.0.0.1")
            #expect((published.first.flatMap { Int($0.hostPort) } ?? 0) > 0, "Docker chose a host port")
        }
    }

    @Test func startingARunningContainerIsNotAnError() throws {
        try DockerFixture.with { fixture in
            let id = try fixture.run("twice", cmd: ["sleep", "60"])
            try fixture.client.startContainer(id)  // Docker answers 304
            #expect(try fixture.client.inspectContainer(id).state.running)
        }
    }

    @Test func stopRestartKillAndRemove() throws {
        try DockerFixture.with { fixture in
            let client = fixture.client
            let id = try fixture.run("lifecycle", cmd: ["sleep", "60"])
            let firstStart = try client.inspectContainer(id).state.startedAt

            try client.stopContainer(id, timeout: .seconds(1))
            #expect(try client.inspectContainer(id).state.status == .exited)
            try client.stopContainer(id, timeout: .seconds(1))  // already stopped: 304, not an error

            try client.restartContainer(id, timeout: .seconds(1))
            let restarted = try client.inspectContainer(id).state
            #expect(restarted.running)
            #expect(restarted.startedAt != firstStart)

            try client.killContainer(id, signal: "SIGKILL")
            let killed = try fixture.waitUntilStopped(id).state
            #expect(killed.status == .exited)
            #expect(killed.exitCode == 137)
            #expect(Self.isConflict { try client.killContainer(id) }, "killing a stopped container is a conflict")

            try client.removeContainer(id)
            #expect(Self.isNotFound { _ = try client.inspectContainer(id) })
            #expect(Self.isNotFound { try client.removeContainer(id, force: true) })
        }
    }

    @Test func removingAMissingContainerIsNotFound() throws {
        try DockerFixture.with { fixture in
            #expect(Self.isNotFound { try fixture.client.removeContainer(fixture.name("missing"), force: true) })
        }
    }

    @Test func creatingWithAMissingImageIsNotFound() throws {
        try DockerFixture.with { fixture in
            var request = fixture.hardenedContainer(cmd: ["true"])
            request.config.image = "dro-test/missing-\(fixture.id):latest"
            #expect(Self.isNotFound { _ = try fixture.client.createContainer(name: fixture.name("noimage"), request) })
        }
    }

    @Test func duplicateNameIsAConflict() throws {
        try DockerFixture.with { fixture in
            let request = fixture.hardenedContainer(cmd: ["sleep", "60"])
            _ = try fixture.client.createContainer(name: fixture.name("dup"), request)
            #expect(Self.isConflict { _ = try fixture.client.createContainer(name: fixture.name("dup"), request) })
        }
    }

    @Test func listSelectsByEveryLabel() throws {
        try DockerFixture.with { fixture in
            let client = fixture.client
            let selected = try ["a", "b"].map { name in
                try client.createContainer(
                    name: fixture.name(name),
                    fixture.hardenedContainer(cmd: ["sleep", "60"], labels: ["dro.test.role": "listed"])
                ).id
            }
            let other = try client.createContainer(name: fixture.name("c"), fixture.hardenedContainer(cmd: ["sleep", "60"])).id

            let listed = try client.listContainers(labels: fixture.labels.merging(["dro.test.role": "listed"]) { $1 })
            #expect(Set(listed.map(\.id)) == Set(selected))
            #expect(listed.allSatisfy { $0.state == .created && $0.labels?["dro.test.role"] == "listed" })
            #expect(listed.allSatisfy { $0.names.count == 1 && $0.names[0].hasPrefix("/dro-test-") })

            let everything = try client.listContainers(labels: fixture.labels)
            #expect(Set(everything.map(\.id)) == Set(selected + [other]))
            #expect(try client.listContainers(labels: fixture.labels, all: false).isEmpty, "none is running")
        }
    }

    static func isNotFound(_ body: () throws -> Void) -> Bool {
        if case .notFound = dockerError(body) { true } else { false }
    }

    static func isConflict(_ body: () throws -> Void) -> Bool {
        if case .conflict = dockerError(body) { true } else { false }
    }

    private static func dockerError(_ body: () throws -> Void) -> DockerError? {
        do {
            try body()
            return nil
        } catch {
            return error as? DockerError
        }
    }
}
