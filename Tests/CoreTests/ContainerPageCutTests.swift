import Testing
@testable import Core

/// A list fetches only the rows its body can hold, and never fewer than the body writes.
@Suite("ContainerPageCut")
struct ContainerPageCutTests {
    @Test("the limit, then whether a row follows")
    func limit() {
        #expect(ContainerPageCut.rows(specBytes: [10, 10, 10], limit: 2, maxBytes: 100) == (2, true))
        #expect(ContainerPageCut.rows(specBytes: [10, 10], limit: 2, maxBytes: 100) == (2, false))
        #expect(ContainerPageCut.rows(specBytes: [], limit: 2, maxBytes: 100) == (0, false))
    }

    @Test("stops before the row whose spec takes the total past the bound, keeping the first")
    func bound() {
        #expect(ContainerPageCut.rows(specBytes: [40, 60, 1, 1], limit: 50, maxBytes: 100) == (2, true))
        #expect(ContainerPageCut.rows(specBytes: [40, 61, 1], limit: 50, maxBytes: 100) == (1, true))
        #expect(ContainerPageCut.rows(specBytes: [500, 1], limit: 50, maxBytes: 100) == (1, true))
    }

    @Test("every row the body writes is fetched: a row's JSON is longer than its stored spec", arguments: [1_000, 60_000, 100_000, 250_000])
    func neverTighterThanTheBody(maxBytes: Int) throws {
        let specs = try ["\"cpu_limit\": 256, \"mem_limit\": \"6m\"", #""env": {"A": ""# + String(repeating: "x", count: 30_000) + #""}"#, ""]
            .map { Array(try ContainerJSONTests.spec($0).canonicalJSON().utf8) }
        let records = (0..<12).map { ContainerJSONTests.record(specs[$0 % specs.count]) }
        var output = JSONOutput()
        let written = try ContainerJSON.writeList(records, maxBytes: maxBytes, nextCursor: { _ in nil }, into: &output)
        let cut = ContainerPageCut.rows(specBytes: records.map(\.spec.count), limit: 50, maxBytes: maxBytes)
        #expect(written <= cut.count)
        // Fetching only the cut changes nothing the body writes.
        var fetched = JSONOutput()
        let writtenFromCut = try ContainerJSON.writeList(Array(records.prefix(cut.count)), maxBytes: maxBytes, nextCursor: { _ in nil }, into: &fetched)
        #expect(writtenFromCut == written)
    }
}
