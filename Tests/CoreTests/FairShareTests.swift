import Testing
@testable import Core

/// Claims are oldest first, but no tenant holds more than its share of a host's slots.
@Suite("FairShare")
struct FairShareTests {
    typealias C = FairShare.Candidate<Int>

    static func queue(_ tenants: String...) -> [C] {
        tenants.enumerated().map { C(id: $0.offset + 1, tenantID: $0.element) }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let candidates: [C]
        var inFlight: [String: Int] = [:]
        var parallelism = 4
        let free: Int
        let expected: [Int]
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "nothing runnable", candidates: [], free: 4, expected: []),
        Case(label: "no free slot", candidates: queue("a", "b"), free: 0, expected: []),
        Case(label: "one tenant takes every slot", candidates: queue("a", "a", "a", "a", "a"), free: 4, expected: [1, 2, 3, 4]),
        Case(label: "two tenants: two each, oldest first", candidates: queue("a", "a", "a", "a", "b", "b"), free: 4, expected: [1, 2, 5, 6]),
        Case(label: "three tenants: ⌈4/3⌉ = 2 each", candidates: queue("a", "a", "a", "b", "c", "c", "c"), free: 4, expected: [1, 2, 4, 5]),
        Case(label: "in-flight work counts against the share", candidates: queue("a", "a", "b"), inFlight: ["a": 2], free: 2, expected: [3]),
        Case(label: "a tenant over its share waits for the newcomer", candidates: queue("a", "b", "b"), inFlight: ["a": 4], free: 1,
             expected: [2]),
        Case(label: "in flight but nothing queued: does not shrink the others' share", candidates: queue("b", "b", "b", "b"),
             inFlight: ["a": 1], free: 3, expected: [1, 2, 3]),
        Case(label: "more tenants than slots: the oldest tenants first", candidates: queue("a", "b", "c", "d", "e"), free: 4,
             expected: [1, 2, 3, 4]),
        Case(label: "parallelism 1", candidates: queue("a", "b"), parallelism: 1, free: 1, expected: [1]),
    ]

    @Test(arguments: cases)
    func picks(_ c: Case) {
        #expect(FairShare.pick(c.candidates, inFlight: c.inFlight, parallelism: c.parallelism, free: c.free) == c.expected)
    }
}
