import Testing
@testable import LineLogging

/// Log fields cannot break a line or forge a `key=value` pair.
@Suite("LogEscaping")
struct LogEscapingTests {
    @Test("values", arguments: [
        ("/v1/containers/ctr_1", "/v1/containers/ctr_1"), ("ten_abc", "ten_abc"), ("", "\"\""),
        ("a b", "\"a b\""), ("x\nstatus=200", "\"x\\nstatus=200\""), ("say \"hi\"", "\"say \\\"hi\\\"\""),
        ("a\\b", "\"a\\\\b\""), ("é", "\"é\""), ("k=v", "\"k=v\""), ("\u{7}", "\"\\u{7}\""), ("a\u{2028}b", "\"a\\u{2028}b\""),
    ])
    func values(_ raw: String, _ expected: String) {
        #expect(LogEscaping.value(raw) == expected)
    }

    @Test("messages keep their spaces and lose their line breaks")
    func messages() {
        #expect(LogEscaping.message("run finished") == "run finished")
        #expect(LogEscaping.message("failed:\nsecond line\r") == "failed:\\nsecond line\\r")
    }
}
