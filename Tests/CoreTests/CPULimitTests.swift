import Testing
@testable import Core

/// `cpu_limit` is a vCPU count, 0.01 ≤ x ≤ 256, kept as whole milli-vCPUs.
@Suite("CPULimit")
struct CPULimitTests {
    @Test("accepted vCPU counts and their milli-vCPUs", arguments: [
        ("0.01", 10 as Int64), ("0.011", 11), ("0.1", 100), ("0.3", 300), ("0.125", 125), ("0.5", 500),
        ("1", 1000), ("1.0", 1000), ("1.5", 1500), ("2.675", 2675), ("1e0", 1000), ("64", 64000),
        ("255.999", 255_999), ("256", 256_000), ("256.000", 256_000),
    ])
    func accepts(text: String, millis: Int64) throws {
        let limit = try CPULimit(json: json(text))
        #expect(limit.millis == millis)
        #expect(limit.vcpus == Double(millis) / 1000)
        #expect(limit.nanoCPUs == millis * 1_000_000)
    }

    @Test("1.5 vCPUs is 1500 millis and 1.5e9 NanoCpus")
    func oneAndAHalf() throws {
        let limit = try CPULimit(vcpus: 1.5)
        #expect(limit.millis == 1500)
        #expect(limit.vcpus == 1.5)
        #expect(limit.nanoCPUs == 1_500_000_000)
        #expect(try CPULimit(millis: 1500) == limit)
    }

    @Test("out of range or too precise is refused on field cpu_limit", arguments: [
        "0.009", "0.0099", "0", "-0", "-1", "-0.5", "256.001", "256.5", "257", "1e300", "-1e300",
        "0.0015", "1.0005", "0.0105", "255.9999", "1e-3",
    ])
    func refusesNumber(_ text: String) throws {
        let value = try json(text)
        expectValidationError(field: "cpu_limit") { try CPULimit(json: value) }
    }

    @Test("non-numbers are refused on field cpu_limit", arguments: [#""1""#, #""0.5""#, "true", "null", "[1]", #"{"vcpus":1}"#])
    func refusesType(_ text: String) throws {
        let value = try json(text)
        expectValidationError(field: "cpu_limit") { try CPULimit(json: value) }
    }

    @Test("non-finite and extreme doubles are refused", arguments: [
        Double.nan, -.nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        .leastNonzeroMagnitude, .ulpOfOne, 0.01 - 1e-9, 256 + 1e-9,
    ])
    func refusesDouble(_ vcpus: Double) {
        expectValidationError(field: "cpu_limit") { try CPULimit(vcpus: vcpus) }
        expectValidationError(field: "cpu_limit") { try CPULimit(json: .number(vcpus)) }
    }

    @Test("millis bound: 10 and 256000 accepted, 9 and 256001 refused", arguments: [
        (Int64.min, false), (-10, false), (0, false), (9, false), (10, true), (11, true),
        (256_000, true), (256_001, false), (Int64.max, false),
    ])
    func millisBound(millis: Int64, accepted: Bool) throws {
        if accepted {
            #expect(try CPULimit(millis: millis).millis == millis)
        } else {
            expectValidationError(field: "cpu_limit") { try CPULimit(millis: millis) }
        }
    }

    @Test("limits order by their size")
    func comparable() throws {
        #expect(try CPULimit(vcpus: 0.5) < CPULimit(vcpus: 1))
        #expect(try !(CPULimit(vcpus: 2) < CPULimit(vcpus: 2)))
    }
}
