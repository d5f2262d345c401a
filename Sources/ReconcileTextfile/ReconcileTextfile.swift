/// The node_exporter textfile of one host's reconciler: gauges of the last run
/// (`dro_reconcile_last_run_*`) and cumulative `_total` counters carried from the previous file,
/// every series labelled `host_key`. cron runs dro-reconcile and it exits, so it is never scraped.
public enum ReconcileTextfile {
    /// What a new file takes over from the previous one of the same host.
    public struct Carried: Sendable, Equatable {
        /// Counter values by metric name.
        public var counters: [String: Double] = [:]
        /// When the last successful run ended; nil when no file recorded one.
        public var lastSuccess: Double?

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
        }
        return carried
    }

    /// The file's text for a run that ended, on top of what the previous file carried. A run
    /// that failed keeps the previous success timestamp (0 when there was none).
    public static func render(_ run: ReconcileRunFigures, carrying carried: Carried) -> String {
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
        family(lastSuccessName, "gauge", "When the host's last successful reconciler run ended (0: none recorded).",
               [ExpositionLine(lastSuccessName, host, lastSuccess)])
        if let states = run.containersByState {
            family(containersName, "gauge", "The host's containers by observed state, counted at the end of the last run.",
                   states.sorted { $0.key < $1.key }.map {
                       ExpositionLine(containersName, ["host_key": run.hostKey, "observed_state": $0.key], Double($0.value))
                   })
        }
        for counter in counters {
            let total = (carried.counters[counter.name] ?? 0) + counter.value(run)
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
        Series(name: "dro_reconcile_last_run_timestamp_seconds", help: "When the host's last reconciler run ended.") { $0.endedAt },
        Series(name: "dro_reconcile_last_run_succeeded", help: "1 when the last run ended without an error, else 0.") { $0.succeeded ? 1 : 0 },
        Series(name: "dro_reconcile_last_run_duration_seconds", help: "How long the last run took.") { $0.durationSeconds },
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
        Series(name: "dro_reconcile_runs_total", help: "Reconciler runs that ended.") { _ in 1 },
        Series(name: "dro_reconcile_failed_runs_total", help: "Reconciler runs that ended in an error.") { $0.succeeded ? 0 : 1 },
        Series(name: "dro_reconcile_jobs_done_total", help: "Jobs completed.") { Double($0.jobsDone) },
        Series(name: "dro_reconcile_containers_converged_total", help: "Containers converged and recorded.") {
            Double($0.containersConverged)
        },
        Series(name: "dro_reconcile_container_failures_total", help: "Container convergences that failed.") { Double($0.containerFailures) },
        Series(name: "dro_reconcile_docker_errors_total", help: "Errors from dockerd, or reaching it.") { Double($0.dockerErrors) },
        Series(name: "dro_reconcile_run_duration_seconds_total", help: "Time spent in reconciler runs.") { $0.durationSeconds },
    ]
}
