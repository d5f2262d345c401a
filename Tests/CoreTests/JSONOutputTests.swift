import Foundation
import Testing
@testable import Core

/// The container view writer must give the bytes JSONEncoder gives (sorted keys, unescaped
/// slashes): clients and stored idempotent responses see one format, whichever wrote it.
@Suite("JSONOutput")
struct JSONOutputTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func view(name: String = "web", env: [String: String] = [:], cpu: Double? = 0.5, lastError: String? = nil,
                     ports: [PublishedPort] = [], command: [String]? = nil, exitCode: Int? = nil) -> ContainerView {
        ContainerView(
            id: "ctr_0123", name: name, image: "registry.example:5000/a/b:1", hostKey: "h-1", region: "eu", env: env,
            ports: ports, cpuLimit: cpu, memLimit: "64m", memLimitBytes: 64 << 20, command: command, desiredState: .running,
            observedState: .exited, exitCode: exitCode, lastError: lastError, createdAt: "2026-11-23T10:38:50.123456Z",
            updatedAt: "2026-11-23T10:38:50Z", observedAt: nil)
    }

    static let views: [ContainerView] = [
        view(),
        view(env: ["Z": "last", "A": "first", "_u": "é😀", "Q": "quote \" backslash \\ slash /", "C": "\u{01}\u{08}\u{0c}\n\r\t\u{1f}\u{7f}"],
             cpu: 0.001, lastError: "exec: \"x\": not found", ports: [PublishedPort(containerPort: 80, proto: .tcp, hostPort: 32768),
                                                                     PublishedPort(containerPort: 53, proto: .udp, hostPort: nil)],
             command: ["sh", "-c", "echo \"$A\" > /tmp/x"], exitCode: 137),
        view(cpu: nil, command: []),
        view(cpu: 256),
        view(cpu: 123.456),
    ]

    @Test("a container view is written exactly as JSONEncoder writes it", arguments: views)
    func matchesJSONEncoder(_ view: ContainerView) throws {
        var output = JSONOutput()
        try output.container(view)
        #expect(output.text == String(decoding: try Self.encoder.encode(view), as: UTF8.self))
    }

    @Test("every cpu_limit the API accepts is written as JSONEncoder writes it")
    func everyCPUValue() throws {
        for millis in stride(from: 10, through: 256_000, by: 7) {
            let value = Double(millis) / 1000
            var output = JSONOutput()
            try output.number(value)
            #expect(output.text == String(decoding: try Self.encoder.encode(value), as: UTF8.self), "\(value)")
        }
    }

    @Test("a list page is the views in order and the cursor")
    func list() throws {
        var output = JSONOutput()
        try output.containerList(Array(Self.views.prefix(2)), nextCursor: "YzE6NQ")
        let decoded = try JSONSerialization.jsonObject(with: Data(output.bytes)) as? [String: Any]
        #expect((decoded?["containers"] as? [Any])?.count == 2)
        #expect(decoded?["next_cursor"] as? String == "YzE6NQ")
        var last = JSONOutput()
        try last.containerList([], nextCursor: nil)
        #expect(last.text == #"{"containers":[],"next_cursor":null}"#)
    }

    @Test("infinities and NaN are refused, as JSONEncoder refuses them")
    func nonFinite() {
        var output = JSONOutput()
        #expect(throws: NonFiniteNumber.self) { try output.number(Double.infinity) }
        #expect(throws: NonFiniteNumber.self) { try output.number(Double.nan) }
    }
}
