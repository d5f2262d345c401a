import Foundation
import Testing
@testable import DockerEngine

@Suite("System endpoints and transport")
struct SystemTests {
    @Test func pingVersionAndInfo() throws {
        try DockerFixture.with { fixture in
            try fixture.client.ping()
            let version = try fixture.client.version()
            #expect(!version.version.isEmpty)
            #expect(version.os == "linux")
            let info = try fixture.client.info()
            #expect(info.ncpu > 0)
            #expect(info.memTotal > 0)
            #expect(!info.serverVersion.isEmpty)
            #expect(!info.name.isEmpty)
        }
    }

    @Test func reusesOneKeepAliveConnection() throws {
        try DockerFixture.with { fixture in
            try fixture.client.ping()
            _ = try fixture.client.version()
            #expect(throws: DockerError.self) { try fixture.client.inspectContainer(fixture.name("absent")) }
            _ = try fixture.client.listContainers(labels: fixture.labels)
            #expect(fixture.client.session.connectionsOpened == 1)
        }
    }

    @Test func missingSocketIsATransportError() throws {
        let client = try DockerClient(socketPath: "/nonexistent/dro/docker.sock")
        let error = try #require(throws: DockerError.self) { try client.ping() }
        guard case .transport(let message) = error else {
            Issue.record("expected a transport error, got \(error)")
            return
        }
        #expect(message.contains("/nonexistent/dro/docker.sock"))
    }

    @Test func requestTimeoutIsATimeoutError() throws {
        try DockerFixture.with { fixture in
            let id = try fixture.run("timeout", cmd: ["sleep", "60"])
            // `wait` only answers when the container exits, so this request must time out.
            let wait = DockerRequest(.post, "containers", id, "wait", timeout: .milliseconds(300))
            let error = try #require(throws: DockerError.self) { try fixture.client.send(wait) }
            guard case .timeout(let message) = error else {
                Issue.record("expected a timeout error, got \(error)")
                return
            }
            #expect(message.lowercased().contains("timeout") || message.lowercased().contains("timed out"))
            // The handle is still usable after an aborted transfer.
            try fixture.client.ping()
        }
    }
}
