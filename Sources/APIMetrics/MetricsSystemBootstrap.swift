import Metrics
import Prometheus

extension APIMetrics {
    /// Once per process: anything that records through swift-metrics lands in this registry.
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }
}
