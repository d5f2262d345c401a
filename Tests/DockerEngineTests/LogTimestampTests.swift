import Testing
import DockerEngine

@Suite("Log timestamps (no Docker)")
struct LogTimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", LogTimestamp(seconds: 0)),
        ("2024-05-01T12:00:00.123456789Z", LogTimestamp(seconds: 1_714_564_800, nanoseconds: 123_456_789)),
        ("2024-05-01T12:00:00.5Z", LogTimestamp(seconds: 1_714_564_800, nanoseconds: 500_000_000)),
        ("2024-05-01T14:00:00.000000001+02:00", LogTimestamp(seconds: 1_714_564_800, nanoseconds: 1)),
        ("2000-02-29T23:59:59Z", LogTimestamp(seconds: 951_868_799)),
        ("1969-12-31T23:59:59Z", LogTimestamp(seconds: -1)),
    ])
    func parsesRFC3339(text: String, expected: LogTimestamp) {
        #expect(LogTimestamp(rfc3339: text) == expected)
    }

    @Test(arguments: ["", "2024-05-01", "2024-05-01T12:00:00", "2024-05-01T12:00:00.Z", "2024-13-01T12:00:00Z",
                      "2024-05-01T12:00:00.1234567890Z", "2024-05-01T12:00:00Z ", "x2024-05-01T12:00:00Z"])
    func rejectsMalformedText(text: String) {
        #expect(LogTimestamp(rfc3339: text) == nil)
    }

    @Test func formatsDockersSinceParameter() {
        #expect(LogTimestamp(seconds: 1_714_564_800, nanoseconds: 1).description == "1714564800.000000001")
        #expect(LogTimestamp(seconds: 5, nanoseconds: 999_999_999).next == LogTimestamp(seconds: 6))
        #expect(LogTimestamp(seconds: 5, nanoseconds: 1) < LogTimestamp(seconds: 5, nanoseconds: 2))
    }
}
