import Testing
import DockerEngine

@Suite("Network endpoints")
struct NetworkTests {
    @Test func createInspectListAndRemove() throws {
        try DockerFixture.with { fixture in
            let client = fixture.client
            let name = fixture.name("net")
            let request = NetworkCreateRequest(name: name, labels: fixture.labels, options: ["com.docker.network.bridge.enable_icc": "true"])
            let created = try client.createNetwork(request)

            let network = try client.inspectNetwork(name)
            #expect(network.id == created.id)
            #expect(network.name == name)
            #expect(network.driver == "bridge")
            #expect(network.labels == fixture.labels)
            #expect(network.options?["com.docker.network.bridge.enable_icc"] == "true")
            let subnet = try #require(network.ipam?.config?.first)
            #expect(subnet.subnet?.contains("/") == true)
            #expect(subnet.gateway?.isEmpty == false)

            #expect(try client.listNetworks(labels: fixture.labels).map(\.id) == [created.id])
            #expect(ContainerTests.isConflict { _ = try client.createNetwork(request) }, "CheckDuplicate refuses a second network")

            try client.removeNetwork(created.id)
            #expect(ContainerTests.isNotFound { _ = try client.inspectNetwork(created.id) })
            #expect(ContainerTests.isNotFound { try client.removeNetwork(created.id) })
        }
    }

    @Test func containerJoinsACustomNetwork() throws {
        try DockerFixture.with { fixture in
            let client = fixture.client
            let network = fixture.name("tenant")
            let networkID = try client.createNetwork(NetworkCreateRequest(name: network, labels: fixture.labels)).id

            var request = fixture.hardenedContainer(cmd: ["sleep", "60"], ports: ["80/tcp"], network: network)
            request.networkingConfig = NetworkingConfig(endpointsConfig: [network: EndpointSettings(aliases: ["web"])])
            let id = try client.createContainer(name: fixture.name("member"), request).id
            try client.startContainer(id)

            let inspect = try client.inspectContainer(id)
            #expect(inspect.hostConfig.networkMode == network)
            #expect(inspect.networkSettings.networks.map { Array($0.keys) } == [network])
            let endpoint = try #require(inspect.networkSettings.networks?[network])
            #expect(endpoint.networkID == networkID)
            #expect(endpoint.aliases?.contains("web") == true)
            #expect(endpoint.ipAddress?.isEmpty == false)
            #expect(inspect.networkSettings.bindings(for: "80/tcp").first?.hostIp == "127.0.0.1")

            // Docker 20.10 refuses with 403 (not 409) while endpoints are attached.
            let inUse = try #require(throws: DockerError.self) { try client.removeNetwork(networkID) }
            #expect(inUse == .daemon(status: 403, message: inUse.message))
            #expect(inUse.message.contains("active endpoints"))
        }
    }
}
