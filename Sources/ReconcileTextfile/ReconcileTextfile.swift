/// The node_exporter textfile of one host's reconciler: gauges of the last run
/// (`dro_reconcile_last_run_*`) and cumulative `_total` counters carried from the previous file,
/// every series labelled `host_key`. cron runs dro-reconcile and it exits, so it is never scraped.
/// A long (`--for`) run also writes the file after each sweep cycle, so a healthy run is never
/// mistaken for a stale one while it goes on.
public enum ReconcileTextfile {
    /// What a new file takes over from the previous one of the same host.
    public struct Carried: Sendable, Equatable {
        /// Counter values by metric name.
        public var counters: [String: Double] = [:]
        /// When the last successful run ended; nil when no file recorded one.
        public var lastSuccess: Double?
        /// The containers by observed state the file recorded, for a run that cannot count them.
        public var containersByState: [String: Double] = [:]

        public static let zero = Carried()
    }

    /// The counters and last success of `hostKey` in a previous file; nil text (no file) carries
    /// nothing. Throws when the file is malformed, so the caller can say it starts from zero.
    public static func carried(from text: String?, hostKey: String) throws(MalformedExposition) -> Carried {
        guard let text else { return .zero }
        var carried = Carried()
        for sample in try ExpositionParser.samples(text) where sample.labels["host_key"] == hostKey {
            if counters.contains(where: { $0.name == sample.name }) { carried.counters[sample.name] = sample.value }
            if sample.name == lastSuccessName { carried.lastSuccess = sample.value }
            if sample.name == containersName, let state = sample.labels["observed_state"] { carried.containersByState[state] = sample.value }
        }
        return carried
    }

    /// The file's text for a run that ended (or reports mid-run), on top of what the previous
    /// file carried. `reported` is what this run's earlier reports already added to the counters:
    /// only the difference is added, so overlapping runs writing the same file lose nothing. A run
    /// that failed keeps the previous success timestamp (0 when there was none); one that could
    /// not count its containers keeps the previous counts, so those series never vanish.
    public static func render(_ run: ReconcileRunFigures, carrying carried: Carried, reported: ReconcileRunFigures? = nil) -> String {
        let host = ["host_key": run.hostKey]
        var text = ""
        func family(_ name: String, _ type: String, _ help: String, _ lines: [ExpositionLine]) {
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for line in lines { text += line.text + "\n" }
        }
        for gauge in gauges {
            family(gauge.name, "gauge", gauge.help, [ExpositionLine(gauge.name, host, gauge.value(run))])
        }
        let lastSuccess = run.succeeded ? run.endedAt : carried.lastSuccess ?? 0
        family(lastSuccessName, "gauge", "When the host's reconciler last ended a run, or a sweep cycle of a long run, without an error (0: none recorded).",
               [ExpositionLine(lastSuccessName, host, lastSuccess)])
        let states = run.containersByState.map { $0.mapValues(Double.init) } ?? carried.containersByState
        if !states.isEmpty {
            family(containersName, "gauge", "The host's containers by observed state, counted at the last report.",
                   states.sorted { $0.key < $1.key }.map {
                       ExpositionLine(containersName, ["host_key": run.hostKey, "observed_state": $0.key], $0.value)
                   })
        }
        for counter in counters {
            let added = counter.value(run) - (reported.map(counter.value) ?? 0)
            let total = (carried.counters[counter.name] ?? 0) + added
            family(counter.name, "counter", counter.help, [ExpositionLine(counter.name, host, total)])
        }
        return text
    }

    static let lastSuccessName = "dro_reconcile_last_run_success_timestamp_seconds"
    static let containersName = "dro_reconcile_last_run_containers"

    /// A series of the file and its value for a run (for a counter: what the run adds).
    struct Series {
        let name: String
        let help: String
        let value: @Sendable (ReconcileRunFigures) -> Double
    }

    static let gauges: [Series] = [
        Series(name: "dro_reconcile_last_run_timestamp_seconds", help: "When the host's reconciler last reported: a run's end or a long run's sweep cycle.") {
            $0.endedAt
        },
        Series(name: "dro_reconcile_last_run_succeeded", help: "1 when the last report had no error, else 0.") { $0.succeeded ? 1 : 0 },
        Series(name: "dro_reconcile_last_run_duration_seconds", help: "How long the last run took (so far, for a run still going on).") { $0.durationSeconds },
        Series(name: "dro_reconcile_last_run_jobs_done", help: "Jobs the last run completed.") { Double($0.jobsDone) },
        Series(name: "dro_reconcile_last_run_containers_converged", help: "Containers the last run converged and recorded.") {
            Double($0.containersConverged)
        },
        Series(name: "dro_reconcile_last_run_container_failures", help: "Containers whose convergence failed in the last run.") {
            Double($0.containerFailures)
        },
        Series(name: "dro_reconcile_last_run_docker_errors", help: "Errors from dockerd, or reaching it, in the last run.") {
            Double($0.dockerErrors)
        },
        Series(name: "dro_reconcile_last_run_sweep_duration_seconds", help: "Time the last run spent sweeping.") { $0.sweepSeconds },
    ]

    /// Each counter and what one run adds to it.
    static let counters: [Series] = [
        Series(name: "dro_reconcile_runs_total", help: "Reconciler runs that ended.") { $0.ended ? 1 : 0 },
        Series(name: "dro_reconcile_failed_runs_total", help: "Reconciler runs that ended in an error.") { $0.ended && !$0.succeeded ? 1 : 0 },
        Series(name: "dro_reconcile_jobs_done_total", help: "Jobs completed.") { Double($0.jobsDone) },
        Series(name: "dro_reconcile_containers_converged_total", help: "Containers converged and recorded.") {
            Double($0.containersConverged)
        },
        Series(name: "dro_reconcile_container_failures_total", help: "Container convergences that failed.") { Double($0.containerFailures) },
        Series(name: "dro_reconcile_docker_errors_total", help: "Errors from dockerd, or reaching it.") { Double($0.dockerErrors) },
        Series(name: "dro_reconcile_run_duration_seconds_total", help: "Time spent in reconciler runs.") { $0.durationSeconds },
    ]
}
