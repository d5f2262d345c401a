import Testing
import DockerEngine

@Suite("Container logs")
struct LogsTests {
    /// The script of the spec: two streams, and a line that is not UTF-8.
    static let script = #"echo out1; echo err1 >&2; printf "\xff\xfe\n"; echo out2"#

    /// Docker's `local` driver stores lines as bytes; `json-file` stores JSON strings (see below).
    static let localDriver = LogConfig(type: "local", config: ["max-size": "1m", "max-file": "2"])

    @Test func separatesStreamsAndKeepsRawBytes() throws {
        try DockerFixture.with { fixture in
            let id = try fixture.run("logs", cmd: ["sh", "-c", Self.script], logConfig: Self.localDriver)
            #expect(try fixture.waitUntilStopped(id).state.exitCode == 0)

            let lines = try fixture.client.containerLogs(id)
            #expect(lines.count == 4)
            // Docker stamps each stream when it reads the pipe, so only the order within a stream is defined.
            #expect(lines.filter { $0.stream == .stdout }.map(\.text) == [Array("out1".utf8), [0xFF, 0xFE], Array("out2".utf8)])
            #expect(lines.filter { $0.stream == .stderr }.map(\.text) == [Array("err1".utf8)])
            #expect(lines.allSatisfy { $0.time != nil }, "every line carries an RFC 3339 timestamp")
        }
    }

    @Test func sinceIncludesItsInstantAndNextExcludesIt() throws {
        try DockerFixture.with { fixture in
            let id = try fixture.run("since", cmd: ["sh", "-c", Self.script], logConfig: Self.localDriver)
            _ = try fixture.waitUntilStopped(id)
            let lines = try fixture.client.containerLogs(id)
            try #require(lines.count == 4)
            let second = try #require(lines[1].time)
            let times = try lines.map { try #require($0.time) }

            let after = try fixture.client.containerLogs(id, since: second.next)
            #expect(after == zip(lines, times).filter { $0.1 > second }.map(\.0))
            #expect(!after.contains(lines[0]) && !after.contains(lines[1]))

            let from = try fixture.client.containerLogs(id, since: second)
            #expect(from == zip(lines, times).filter { $0.1 >= second }.map(\.0))

            #expect(try fixture.client.containerLogs(id, tail: 2) == Array(lines.suffix(2)))
        }
    }

    @Test func jsonFileDriverReplacesInvalidUTF8() throws {
        try DockerFixture.with { fixture in
            let id = try fixture.run("jsonfile", cmd: ["sh", "-c", Self.script])
            _ = try fixture.waitUntilStopped(id)
            let stdout = try fixture.client.containerLogs(id).filter { $0.stream == .stdout }.map(\.text)
            // json-file keeps lines as JSON strings: each invalid byte became U+FFFD before we read it.
            #expect(stdout == [Array("out1".utf8), Array("\u{FFFD}\u{FFFD}".utf8), Array("out2".utf8)])
        }
    }

    @Test func reassemblesLinesDockerSplitAt16KiB() throws {
        try DockerFixture.with { fixture in
            let script = #"head -c 40000 /dev/zero | tr '\0' a; echo; printf 'no newline'"#
            let id = try fixture.run("long", cmd: ["sh", "-c", script])
            _ = try fixture.waitUntilStopped(id)
            let lines = try fixture.client.containerLogs(id)
            #expect(lines.map(\.text) == [Array(repeating: UInt8(ascii: "a"), count: 40_000), Array("no newline".utf8)])
        }
    }
}
