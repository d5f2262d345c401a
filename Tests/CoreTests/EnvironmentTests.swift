import Testing
@testable import Core

/// `env` is an object of string → string, at most 200 keys,
/// keys `^[A-Za-z_][A-Za-z0-9_]*$` (≤ 128 chars), values ≤ 32 KiB without NUL.
@Suite("EnvironmentVariables")
struct EnvironmentTests {
    /// An env object with `count` distinct valid keys.
    private func env(keys count: Int) -> JSONValue {
        object((0..<count).map { ("KEY_\($0)", .string("v")) })
    }

    @Test("a JSON object of strings is kept as given")
    func parsesObject() throws {
        let parsed = try EnvironmentVariables(json: json(#"{"PATH":"/usr/bin","lower_case":"x","_U1":"","EMPTY":"","UNI":"héllo 😀"}"#))
        #expect(parsed.values == ["PATH": "/usr/bin", "lower_case": "x", "_U1": "", "EMPTY": "", "UNI": "héllo 😀"])
        #expect(try EnvironmentVariables(json: json("{}")).values.isEmpty)
    }

    @Test("key count: 200 accepted, 201 refused on field env", arguments: [(0, true), (1, true), (200, true), (201, false), (500, false)])
    func keyCount(count: Int, accepted: Bool) throws {
        #expect(Limits.envMaxKeys == 200)
        let body = env(keys: count)
        if accepted {
            #expect(try EnvironmentVariables(json: body).values.count == count)
        } else {
            expectValidationError(field: "env") { try EnvironmentVariables(json: body) }
            let values = Dictionary(uniqueKeysWithValues: (0..<count).map { ("KEY_\($0)", "v") })
            expectValidationError(field: "env") { try EnvironmentVariables(values) }
        }
    }

    @Test("valid keys", arguments: ["A", "a", "_", "__", "_A1", "PATH", "lower_case", "A1B2", repeated("K", 128)])
    func acceptsKey(_ key: String) throws {
        #expect(try EnvironmentVariables(json: object([(key, .string("v"))])).values == [key: "v"])
    }

    @Test("invalid keys are refused on field env (the key itself is never echoed as a field)", arguments: [
        "1A", "9", "A-B", "", repeated("K", 129), "A B", " A", "A.B", "A=B", "A\0", "Ä", "КЛЮЧ", "A😀", "-A", "$A",
    ])
    func refusesKey(_ key: String) {
        expectValidationError(field: "env") { try EnvironmentVariables(json: object([(key, .string("v"))])) }
        expectValidationError(field: "env") { try EnvironmentVariables([key: "v"]) }
        // Checked before the value's type, so a hostile key is never put into a field name.
        expectValidationError(field: "env") { try EnvironmentVariables(json: object([(key, .number(1))])) }
    }

    @Test("value size: 32 KiB accepted, 32 KiB + 1 byte refused on field env.KEY", arguments: [
        (repeated("x", 32 * 1024), true),
        (repeated("x", 32 * 1024 + 1), false),
        (repeated("é", 16 * 1024), true),          // 32768 bytes in UTF-8
        (repeated("é", 16 * 1024) + "x", false),   // 16385 characters, 32769 bytes
        ("", true),
    ])
    func valueSize(value: String, accepted: Bool) throws {
        #expect(Limits.envValueMaxBytes == 32 * 1024)
        let body = object([("BIG", .string(value))])
        if accepted {
            #expect(try EnvironmentVariables(json: body).values["BIG"] == value)
        } else {
            let error = expectValidationError(field: "env.BIG") { try EnvironmentVariables(json: body) }
            #expect(error?.message.contains("xxxx") == false)
        }
    }

    @Test("NUL in a value is refused on field env.KEY without echoing the value", arguments: [
        "\0", "secret\0", "\0secret", "sec\0ret",
    ])
    func refusesNUL(_ value: String) {
        let error = expectValidationError(field: "env.TOKEN") {
            try EnvironmentVariables(json: object([("OK", .string("fine")), ("TOKEN", .string(value))]))
        }
        #expect(error?.message.contains("secret") == false)
        expectValidationError(field: "env.TOKEN") { try EnvironmentVariables(["TOKEN": value]) }
    }

    @Test("non-string values are refused on field env.KEY", arguments: ["1", "1.5", "true", "false", "null", "[]", #"["a"]"#, "{}", #"{"a":"b"}"#])
    func refusesNonString(_ valueJSON: String) throws {
        let body = try json(#"{"GOOD":"x","KEY":\#(valueJSON)}"#)
        expectValidationError(field: "env.KEY") { try EnvironmentVariables(json: body) }
    }

    @Test("env that is not an object is refused on field env", arguments: [#"[]"#, #"["A=1"]"#, #""A=1""#, "1", "true", "null"])
    func refusesNonObject(_ text: String) throws {
        let body = try json(text)
        expectValidationError(field: "env") { try EnvironmentVariables(json: body) }
    }
}
