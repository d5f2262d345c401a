import Testing
@testable import Core

/// `mem_limit` is a Docker memory value (`512m`, `2g`, `1048576`, `1.5g`,
/// case-insensitive, optional `b`), binary units, at least Docker's minimum (6 MiB), no overflow.
@Suite("MemoryLimit")
struct MemoryLimitTests {

    @Test("accepted sizes, their bytes, and the text echoed as given", arguments: [
        ("512m", 536_870_912 as Int64),
        ("512M", 536_870_912),
        ("512mb", 536_870_912),
        ("512MB", 536_870_912),
        ("2g", 2_147_483_648),
        ("2G", 2_147_483_648),
        ("2GB", 2_147_483_648),
        ("2gB", 2_147_483_648),
        ("1.5g", 1_610_612_736),
        ("1.25G", 1_342_177_280),
        ("0.5g", 536_870_912),
        ("64MB", 67_108_864),
        ("6m", 6_291_456),
        ("6144k", 6_291_456),
        ("6144KB", 6_291_456),
        ("6291456", 6_291_456),
        ("6291456b", 6_291_456),
        ("6291456B", 6_291_456),
        ("10485760", 10_485_760),
        ("1t", 1_099_511_627_776),
        ("1p", 1_125_899_906_842_624),
        ("8191p", 8191 << 50),
        ("9223372036854775807", Int64.max),
        ("007m", 7 << 20),
    ])
    func accepts(given: String, bytes: Int64) throws {
        let limit = try MemoryLimit(given)
        #expect(limit.bytes == bytes)
        #expect(limit.given == given)
        let viaJSON = try MemoryLimit(json: .string(given))
        #expect(viaJSON == limit)
    }

    @Test("Docker's minimum: 6 MiB accepted, one byte less refused", arguments: [
        ("6291456", true), ("6291455", false), ("6m", true), ("6143k", false), ("5.99m", false), ("5m", false),
        ("1048576", false), ("1m", false), ("1k", false), ("1", false), ("0", false), ("0g", false), ("0.001g", false),
    ])
    func minimum(given: String, accepted: Bool) throws {
        #expect(Limits.memoryMinBytes == 6 * mib)
        if accepted {
            #expect(try MemoryLimit(given).bytes >= Limits.memoryMinBytes)
        } else {
            expectValidationError(field: "mem_limit") { try MemoryLimit(given) }
        }
    }

    @Test("malformed sizes are refused on field mem_limit", arguments: [
        "", "abc", "-1g", "-6291456", "+1g", "1.", "1.g", ".5g", ".", "b", "g", "gb", "m", "1..5g", "1.5.5g",
        "1e9", "0x10m", " 512m", "512m ", "512 m", "512mib", "512mm", "512bb", "512bm", "1,5g", "١٢g", "５１２m",
        "512m\0", "∞",
    ])
    func refusesMalformed(_ given: String) {
        expectValidationError(field: "mem_limit") { try MemoryLimit(given) }
    }

    @Test("overflow is a 400 on mem_limit, never a crash", arguments: [
        "99999999999999999999", "9999999999999999999", "9223372036854775808", "9000000000000g", "8192p",
        "9223372036854775807k", "99999999999999999999999999999999999999g", "8191.999999999999999999999p",
        "9223372036854775807.5k", "18446744073709551616",
    ])
    func refusesOverflow(_ given: String) {
        let error = expectValidationError(field: "mem_limit") { try MemoryLimit(given) }
        #expect(error?.code == .validationError)
    }

    @Test("a fraction far below a byte is truncated, never overflows", arguments: [
        ("8191.5p", (8191 << 50) + (1 << 49)),
        ("1.000000000000000000001g", 1 << 30),
        ("6291456.9", 6_291_456),   // no unit: the fraction of a byte is dropped
    ])
    func fractions(given: String, bytes: Int64) throws {
        #expect(try MemoryLimit(given).bytes == bytes)
    }

    @Test("JSON numbers are whole bytes", arguments: [(6_291_456 as Double, 6_291_456 as Int64), (10_485_760, 10_485_760), (2_147_483_648, 2_147_483_648)])
    func acceptsNumber(number: Double, bytes: Int64) throws {
        let limit = try MemoryLimit(json: .number(number))
        #expect(limit.bytes == bytes)
        #expect(limit.given == String(bytes))
    }

    @Test("bad JSON values are refused on field mem_limit", arguments: [
        "1048576", "6291455", "6291456.5", "-1", "-6291456", "1e19", "1e300", "0",
        "true", "null", "[]", #"["512m"]"#, #"{"bytes":6291456}"#, #""""#, #""abc""#,
    ])
    func refusesJSON(_ text: String) throws {
        let value = try json(text)
        expectValidationError(field: "mem_limit") { try MemoryLimit(json: value) }
    }

    @Test("non-finite numbers are refused", arguments: [Double.nan, .infinity, -.infinity, .greatestFiniteMagnitude])
    func refusesNonFinite(_ number: Double) {
        expectValidationError(field: "mem_limit") { try MemoryLimit(json: .number(number)) }
    }
}
