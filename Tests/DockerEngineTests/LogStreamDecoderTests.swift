import Testing
@testable import DockerEngine

@Suite("Log stream framing (no Docker)")
struct LogStreamDecoderTests {
    static let t1 = "2024-05-01T12:00:00.000000001Z"
    static let t2 = "2024-05-01T12:00:00.000000002Z"

    static func frame(_ stream: UInt8, _ payload: String) -> [UInt8] {
        frame(stream, Array(payload.utf8))
    }

    static func frame(_ stream: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let size = UInt32(payload.count)
        return [stream, 0, 0, 0, UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)] + payload
    }

    @Test func oneLinePerFrame() throws {
        let body = Self.frame(1, "\(Self.t1) out\n") + Self.frame(2, "\(Self.t2) err\n")
        #expect(try LogStreamDecoder.decode(body) == [
            LogLine(stream: .stdout, timestamp: Self.t1, text: Array("out".utf8)),
            LogLine(stream: .stderr, timestamp: Self.t2, text: Array("err".utf8)),
        ])
    }

    @Test func severalLinesInOneFrame() throws {
        let body = Self.frame(1, "\(Self.t1) a\n\(Self.t2) b\n")
        #expect(try LogStreamDecoder.decode(body).map(\.text) == [Array("a".utf8), Array("b".utf8)])
        #expect(try LogStreamDecoder.decode(body).map(\.timestamp) == [Self.t1, Self.t2])
    }

    @Test func aLineSplitAcrossFramesWithTheOtherStreamBetween() throws {
        let body = Self.frame(1, "\(Self.t1) hel") + Self.frame(2, "\(Self.t2) err\n") + Self.frame(1, "lo\n")
        #expect(try LogStreamDecoder.decode(body) == [
            LogLine(stream: .stderr, timestamp: Self.t2, text: Array("err".utf8)),
            LogLine(stream: .stdout, timestamp: Self.t1, text: Array("hello".utf8)),
        ])
    }

    @Test func partialLastLinesAreKept() throws {
        let body = Self.frame(2, "\(Self.t2) no newline") + Self.frame(1, "\(Self.t1) neither")
        #expect(try LogStreamDecoder.decode(body) == [
            LogLine(stream: .stdout, timestamp: Self.t1, text: Array("neither".utf8)),
            LogLine(stream: .stderr, timestamp: Self.t2, text: Array("no newline".utf8)),
        ])
    }

    @Test func dockerPartialMessagesDropTheContinuationStamp() throws {
        let body = Self.frame(1, "\(Self.t1) first half, ") + Self.frame(1, "\(Self.t2) second half\n")
        #expect(try LogStreamDecoder.decode(body) == [
            LogLine(stream: .stdout, timestamp: Self.t1, text: Array("first half, second half".utf8)),
        ])
    }

    @Test func invalidUTF8AndEmptyLinesSurvive() throws {
        let body = Self.frame(1, Array("\(Self.t1) ".utf8) + [0xFF, 0xFE, 0x0A] + Array("\(Self.t2) \n".utf8))
        #expect(try LogStreamDecoder.decode(body).map(\.text) == [[0xFF, 0xFE], []])
    }

    @Test func emptyBodyHasNoLines() throws {
        #expect(try LogStreamDecoder.decode([]).isEmpty)
    }

    @Test func daemonErrorFrameThrows() {
        #expect(throws: DockerError.daemon(status: 200, message: "log file is gone")) {
            try LogStreamDecoder.decode(Self.frame(3, "log file is gone"))
        }
    }

    @Test func truncatedFramesAndUnknownStreamsThrow() {
        let whole = Self.frame(1, "\(Self.t1) abc\n")
        #expect(throws: DockerError.self) { try LogStreamDecoder.decode(Array(whole.dropLast())) }
        #expect(throws: DockerError.self) { try LogStreamDecoder.decode(Array(whole.prefix(5))) }
        #expect(throws: DockerError.self) { try LogStreamDecoder.decode(Self.frame(7, "x")) }
    }
}
