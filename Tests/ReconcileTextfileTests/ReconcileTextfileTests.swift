import Foundation
import Testing
@testable import ReconcileTextfile

@Suite("Reconciler textfile")
struct ReconcileTextfileTests {
    static func run(_ host: String = "h1", succeeded: Bool = true, at endedAt: Double = 1_800_000_000.5, jobs: Int = 3) -> ReconcileRunFigures {
        ReconcileRunFigures(
            hostKey: host, endedAt: endedAt, succeeded: succeeded, durationSeconds: 1.25, jobsDone: jobs, containersConverged: 4,
            containerFailures: 1, dockerErrors: 2, sweepSeconds: 0.5, containersByState: ["running": 2, "failed": 1])
    }

    /// The file's samples by name, for one host.
    static func values(_ text: String, host: String = "h1") throws -> [String: Double] {
        var values = [String: Double]()
        for sample in try ExpositionParser.samples(text) where sample.labels["host_key"] == host {
            let state = sample.labels["observed_state"].map { "{\($0)}" } ?? ""
            values[sample.name + state] = sample.value
        }
        return values
    }

    @Test("a first run writes every gauge and counters equal to its own figures")
    func firstRun() throws {
        let text = ReconcileTextfile.render(Self.run(), carrying: .zero)
        let v = try Self.values(text)
        #expect(v["dro_reconcile_last_run_timestamp_seconds"] == 1_800_000_000.5)
        #expect(v["dro_reconcile_last_run_success_timestamp_seconds"] == 1_800_000_000.5)
        #expect(v["dro_reconcile_last_run_succeeded"] == 1)
        #expect(v["dro_reconcile_last_run_duration_seconds"] == 1.25)
        #expect(v["dro_reconcile_last_run_jobs_done"] == 3)
        #expect(v["dro_reconcile_last_run_containers_converged"] == 4)
        #expect(v["dro_reconcile_last_run_container_failures"] == 1)
        #expect(v["dro_reconcile_last_run_docker_errors"] == 2)
        #expect(v["dro_reconcile_last_run_sweep_duration_seconds"] == 0.5)
        #expect(v["dro_reconcile_last_run_containers{running}"] == 2)
        #expect(v["dro_reconcile_last_run_containers{failed}"] == 1)
        #expect(v["dro_reconcile_runs_total"] == 1)
        #expect(v["dro_reconcile_failed_runs_total"] == 0)
        #expect(v["dro_reconcile_jobs_done_total"] == 3)
        #expect(text.contains("# TYPE dro_reconcile_jobs_done_total counter\n"))
        #expect(text.contains("# TYPE dro_reconcile_last_run_jobs_done gauge\n"))
    }

    @Test("counters carry over from the previous file of the same host")
    func countersCarry() throws {
        let first = ReconcileTextfile.render(Self.run(jobs: 3), carrying: .zero)
        let second = ReconcileTextfile.render(Self.run(jobs: 5), carrying: try ReconcileTextfile.carried(from: first, hostKey: "h1"))
        let v = try Self.values(second)
        #expect(v["dro_reconcile_runs_total"] == 2)
        #expect(v["dro_reconcile_jobs_done_total"] == 8)
        #expect(v["dro_reconcile_last_run_jobs_done"] == 5)
        #expect(v["dro_reconcile_run_duration_seconds_total"] == 2.5)
    }

    @Test("a failed run keeps the previous success timestamp and counts the failed run")
    func failedRunKeepsSuccess() throws {
        let ok = ReconcileTextfile.render(Self.run(at: 100), carrying: .zero)
        let failed = ReconcileTextfile.render(
            Self.run(succeeded: false, at: 200), carrying: try ReconcileTextfile.carried(from: ok, hostKey: "h1"))
        let v = try Self.values(failed)
        #expect(v["dro_reconcile_last_run_timestamp_seconds"] == 200)
        #expect(v["dro_reconcile_last_run_success_timestamp_seconds"] == 100)
        #expect(v["dro_reconcile_last_run_succeeded"] == 0)
        #expect(v["dro_reconcile_failed_runs_total"] == 1)
        #expect(v["dro_reconcile_runs_total"] == 2)
    }

    @Test("a failed first run records no success: 0")
    func failedFirstRun() throws {
        let v = try Self.values(ReconcileTextfile.render(Self.run(succeeded: false), carrying: .zero))
        #expect(v["dro_reconcile_last_run_success_timestamp_seconds"] == 0)
    }

    @Test("containers by state are left out when they could not be counted")
    func noStates() throws {
        var run = Self.run()
        run.containersByState = nil
        #expect(!ReconcileTextfile.render(run, carrying: .zero).contains("dro_reconcile_last_run_containers{"))
    }

    @Test("a long run's reports count it once, add only what it did since, and keep its success fresh")
    func progressReports() throws {
        let before = ReconcileTextfile.render(Self.run(at: 100, jobs: 3), carrying: .zero)
        var cycle = Self.run(at: 160, jobs: 1)
        cycle.ended = false
        let mid = ReconcileTextfile.render(cycle, carrying: try ReconcileTextfile.carried(from: before, hostKey: "h1"))
        var v = try Self.values(mid)
        #expect(v["dro_reconcile_runs_total"] == 1)
        #expect(v["dro_reconcile_jobs_done_total"] == 4)
        #expect(v["dro_reconcile_last_run_success_timestamp_seconds"] == 160)
        #expect(v["dro_reconcile_last_run_timestamp_seconds"] == 160)
        let end = Self.run(at: 170, jobs: 2)
        let final = ReconcileTextfile.render(end, carrying: try ReconcileTextfile.carried(from: mid, hostKey: "h1"), reported: cycle)
        v = try Self.values(final)
        #expect(v["dro_reconcile_runs_total"] == 2)
        #expect(v["dro_reconcile_jobs_done_total"] == 5)
        #expect(v["dro_reconcile_run_duration_seconds_total"] == 2.5)
        #expect(v["dro_reconcile_last_run_jobs_done"] == 2)
    }

    @Test("a run that cannot count its containers keeps the previous counts")
    func statesCarried() throws {
        let ok = ReconcileTextfile.render(Self.run(), carrying: .zero)
        var failed = Self.run(succeeded: false)
        failed.containersByState = nil
        let v = try Self.values(ReconcileTextfile.render(failed, carrying: try ReconcileTextfile.carried(from: ok, hostKey: "h1")))
        #expect(v["dro_reconcile_last_run_containers{running}"] == 2)
        #expect(v["dro_reconcile_last_run_containers{failed}"] == 1)
    }

    @Test("another host's series are not carried")
    func otherHost() throws {
        let other = ReconcileTextfile.render(Self.run("h2"), carrying: .zero)
        #expect(try ReconcileTextfile.carried(from: other, hostKey: "h1") == .zero)
    }

    @Test("no previous file carries nothing")
    func missing() throws {
        #expect(try ReconcileTextfile.carried(from: nil, hostKey: "h1") == .zero)
    }

    @Test("a malformed previous file is refused", arguments: [
        "dro_reconcile_runs_total{host_key=\"h1\"} 3\ndro_reconcile_jobs_do",
        "dro_reconcile_runs_total{host_key=\"h1\"}",
        "dro_reconcile_runs_total{host_key=\"h1} 3",
        "dro_reconcile_runs_total{host_key=\"h1\"} three",
        "{\"not\": \"exposition\"}",
        "9bad_name 1",
    ])
    func malformed(_ text: String) {
        #expect(throws: MalformedExposition.self) { _ = try ReconcileTextfile.carried(from: text, hostKey: "h1") }
    }

    @Test("label values are escaped and read back")
    func escaping() throws {
        let line = ExpositionLine("m", ["k": "a\"b\\c\nd"], 1)
        #expect(line.text == #"m{k="a\"b\\c\nd"} 1"#)
        #expect(try ExpositionParser.samples(line.text) == [line])
    }

    @Test("samples with a timestamp, no labels or a trailing comma parse")
    func lenientForms() throws {
        let samples = try ExpositionParser.samples("# c\n\nup 1\nm{a=\"1\",} 2.5 1700000000000\n")
        #expect(samples == [ExpositionLine("up", [:], 1), ExpositionLine("m", ["a": "1"], 2.5)])
    }

    @Test("the file is replaced whole, and update hands over the current text")
    func atomicReplacement() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("textfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dro.prom").path
        try AtomicFile.update(path) { previous in
            #expect(previous == nil)
            return "first\n"
        }
        try AtomicFile.update(path) { previous in
            #expect(previous == "first\n")
            return "second\n"
        }
        #expect(AtomicFile.read(path) == "second\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.filter { $0.hasSuffix(".prom") } == ["dro.prom"])
        #expect(!names.contains { $0.hasSuffix(".tmp") })
    }

    @Test("a file that is not UTF-8 reads as text that is malformed, not as a missing file")
    func undecodableFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("textfile-\(UUID().uuidString).prom").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0x6d, 0x20, 0x31, 0x0a, 0xff, 0xfe])))
        #expect(throws: MalformedExposition.self) { _ = try ReconcileTextfile.carried(from: AtomicFile.read(path), hostKey: "h1") }
    }
}
