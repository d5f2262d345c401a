import Foundation
import Testing
@testable import DockerEngine

@Suite("Wire format (no Docker)")
struct WireFormatTests {
    @Test func createBodyIsFlatAndHasNoBindsOrDevices() throws {
        let request = ContainerCreateRequest(
            config: ContainerConfig(image: "app:1", cmd: ["run"], exposedPorts: ["80/tcp"]),
            hostConfig: HostConfig(capDrop: ["ALL"], portBindings: ["80/tcp": [PortBinding(hostIp: "127.0.0.1")]]),
            networkingConfig: NetworkingConfig(endpointsConfig: ["t1": EndpointSettings()])
        )
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? [String: Any])
        #expect(Set(object.keys) == ["Image", "Cmd", "ExposedPorts", "HostConfig", "NetworkingConfig"])
        let host = try #require(object["HostConfig"] as? [String: Any])
        #expect(Set(host.keys) == ["CapDrop", "PortBindings"])
        #expect((object["ExposedPorts"] as? [String: [String: Any]])?["80/tcp"]?.isEmpty == true)
    }

    @Test func networkCreateAlwaysChecksDuplicates() throws {
        let body = try JSONEncoder().encode(NetworkCreateRequest(name: "t1"))
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(object["CheckDuplicate"] as? Bool == true)
        #expect(object["Driver"] as? String == "bridge")
    }

    @Test func pathsArePinnedAndEscaped() {
        let request = DockerRequest(.get, "containers", "a/../b", "json", query: [("filters", #"{"label":["a=b"]}"#)])
        #expect(request.target(apiVersion: DockerClient.apiVersion)
            == "/v1.41/containers/a%2F..%2Fb/json?filters=%7B%22label%22%3A%5B%22a%3Db%22%5D%7D")
    }

    @Test(arguments: [
        (404, DockerError.notFound("No such container: x")),
        (409, .conflict("No such container: x")),
        (500, .daemon(status: 500, message: "No such container: x")),
        (301, .daemon(status: 301, message: "No such container: x")),
    ])
    func errorStatusesMapToCases(status: Int, expected: DockerError) {
        #expect(DockerError(status: status, body: Array(#"{"message":"No such container: x"}"#.utf8), decoder: JSONDecoder()) == expected)
    }

    @Test(arguments: [200, 201, 204, 304])
    func successStatusesAreNotErrors(status: Int) {
        #expect(DockerError(status: status, body: [], decoder: JSONDecoder()) == nil)
    }

    @Test func pullProgressErrorsAreFound() throws {
        let ok = #"{"status":"Pulling from x/y","id":"latest"}"# + "\n" + #"{"status":"Downloading","progressDetail":{}}"# + "\n"
        let failed = ok + #"{"errorDetail":{"message":"layer verification failed"},"error":"layer verification failed"}"# + "\n"
        #expect(try PullProgress.firstError(in: Array(ok.utf8), decoder: JSONDecoder()) == nil)
        #expect(try PullProgress.firstError(in: Array(failed.utf8), decoder: JSONDecoder()) == "layer verification failed")
    }
}
