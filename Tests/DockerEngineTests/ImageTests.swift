import Testing
@testable import DockerEngine

@Suite("Image endpoints")
struct ImageTests {
    @Test func inspectsTheTestImage() throws {
        try DockerFixture.with { fixture in
            let image = try fixture.client.inspectImage(fixture.image)
            #expect(image.id.hasPrefix("sha256:"))
            #expect(image.repoTags?.contains(fixture.image) == true)
        }
    }

    @Test func inspectOfAMissingImageIsNotFound() throws {
        try DockerFixture.with { fixture in
            let error = try #require(throws: DockerError.self) {
                try fixture.client.inspectImage("dro-test/missing-\(fixture.id):latest")
            }
            guard case .notFound = error else {
                Issue.record("expected notFound, got \(error)")
                return
            }
        }
    }

    @Test func pullFromAnUnreachableRegistryThrows() throws {
        try DockerFixture.with { fixture in
            let error = try #require(throws: DockerError.self) {
                try fixture.client.pullImage("127.0.0.1:1/dro-test/unreachable-\(fixture.id):latest")
            }
            guard case .daemon = error else {
                Issue.record("expected a daemon error, got \(error)")
                return
            }
        }
    }

    @Test func pullFailureInsideTheProgressStreamThrows() throws {
        let registry = try FakeRegistry()
        defer { registry.stop() }
        try DockerFixture.with { fixture in
            let error = try #require(throws: DockerError.self) {
                try fixture.client.pullImage("127.0.0.1:\(registry.port)/dro-test/broken-\(fixture.id):v1")
            }
            // dockerd answered 200 and reported the failure as an {"error": …} line.
            #expect(error == .daemon(status: 200, message: error.message))
            #expect(error.message.contains("verification failed"))
        }
    }

    @Test(arguments: [
        ("busybox", "busybox", "latest"),
        ("busybox:1.36", "busybox", "1.36"),
        ("registry.local:5000/team/app", "registry.local:5000/team/app", "latest"),
        ("registry.local:5000/team/app:v2", "registry.local:5000/team/app", "v2"),
        ("app@sha256:abc", "app", "sha256:abc"),
    ])
    func splitsImageReferences(reference: String, repository: String, tag: String) {
        let split = DockerClient.splitImageReference(reference)
        #expect(split.repository == repository)
        #expect(split.tag == tag)
    }
}
