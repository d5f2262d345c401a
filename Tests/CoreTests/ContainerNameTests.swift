import Testing
@testable import Core

/// `name` is 1–63 chars of `^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`.
@Suite("ContainerName")
struct ContainerNameTests {
    @Test("valid names are kept verbatim", arguments: [
        "a", "0", "web", "web-1", "1web", "a-b-c", "a--b", "my-app-2",
        repeated("a", 63),
        "a" + repeated("-", 61) + "z",
        repeated("9", 63),
    ])
    func accepts(_ name: String) throws {
        let parsed = try ContainerName(name)
        #expect(parsed.value == name)
        #expect(parsed.description == name)
    }

    @Test("length bound: 1 and 63 accepted, 0 and 64 refused", arguments: [
        (1, true), (62, true), (63, true), (64, false), (65, false), (1000, false),
    ])
    func lengthBound(length: Int, accepted: Bool) throws {
        let name = repeated("a", length)
        #expect(Limits.nameMaxLength == 63)
        if accepted {
            #expect(try ContainerName(name).value == name)
        } else {
            expectValidationError(field: "name") { try ContainerName(name) }
        }
    }

    @Test("invalid names are refused on field name", arguments: [
        "",                                  // empty
        "-web", "web-", "-", "--", "-a-",    // leading / trailing '-'
        "Web", "WEB", "wEb",                 // uppercase
        "web_1", "_web", "web.1", "web/1", "web:1", "web 1", " web", "web ", "web\n", "web\t", "\0", "web\0",
        "wéb", "веб", "web😀", "ｗｅｂ", "web\u{301}", "١٢٣",  // unicode (letters, emoji, fullwidth, combining, digits)
        repeated("a", 62) + "é",             // 63 characters but 64 bytes
    ])
    func refuses(_ name: String) {
        expectValidationError(field: "name") { try ContainerName(name) }
    }
}
