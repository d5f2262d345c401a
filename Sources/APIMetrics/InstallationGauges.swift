import Prometheus
import Store

/// One value of a database-derived gauge.
struct GaugeSample: Hashable {
    let name: MetricName.Key
    let labels: [String: String]
    let value: Double
}

/// The database-derived gauges in a registry: shown by the holder of the `metrics-export` lease,
/// removed by every other process (so that sums over API processes are not multiplied).
final class InstallationGauges {
    private let registry: PrometheusCollectorRegistry
    private var shown: [SeriesKey: Gauge] = [:]

    private struct SeriesKey: Hashable {
        let name: MetricName.Key
        let labels: [String: String]
    }

    init(registry: PrometheusCollectorRegistry) { self.registry = registry }

    /// Sets every sample's gauge and removes those of hosts or states that are gone.
    func show(_ samples: [GaugeSample]) {
        var next: [SeriesKey: Gauge] = [:]
        for sample in samples {
            let key = SeriesKey(name: sample.name, labels: sample.labels)
            let gauge = shown[key] ?? registry.makeGauge(
                descriptor: sample.name.metric.descriptor, labels: sample.labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            gauge.set(sample.value)
            next[key] = gauge
        }
        for (key, gauge) in shown where next[key] == nil { registry.unregisterGauge(gauge) }
        shown = next
    }

    func clear() { show([]) }

    /// The samples of the installation's figures.
    static func samples(_ figures: InstallationFigures) -> [GaugeSample] {
        var samples: [GaugeSample] = []
        for view in figures.hosts {
            let host = ["host_key": view.host.hostKey]
            samples.append(GaugeSample(name: .jobsPending, labels: host, value: Double(view.queuedJobs)))
            samples.append(GaugeSample(name: .oldestPending, labels: host, value: view.oldestQueuedSeconds ?? 0))
            // An enabled host whose reconciler never reported counts from when it was added, so
            // the stale-reconciler alert covers a host whose cron was never set up.
            if let seen = view.secondsSinceSeen ?? (view.host.enabled ? view.secondsSinceAdded : nil) {
                samples.append(GaugeSample(name: .hostLastSeen, labels: host, value: seen))
            }
        }
        for (state, count) in figures.containersByState {
            samples.append(GaugeSample(name: .containers, labels: ["observed_state": state], value: Double(count)))
        }
        samples.append(GaugeSample(name: .failingWebhooks, labels: [:], value: Double(figures.failingWebhooks)))
        return samples
    }
}
