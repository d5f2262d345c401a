import Core
import Prometheus
import Store
import Testing
@testable import APIMetrics

@Suite("RefreshThrottle")
struct RefreshThrottleTests {
    @Test("at most one refresh per interval")
    func throttle() {
        var throttle = RefreshThrottle(intervalSeconds: 5)
        let due = [100, 100, 104.9, 105, 109, 200].map { throttle.due(at: $0) }
        #expect(due == [true, false, false, true, false, true])
    }
}

@Suite("InstallationGauges")
struct InstallationGaugesTests {
    func text(_ registry: PrometheusCollectorRegistry) -> String { String(decoding: registry.emitToBuffer(), as: UTF8.self) }

    @Test("figures become gauges; a vanished label set is removed; clear removes all")
    func showAndClear() {
        let registry = PrometheusCollectorRegistry()
        let gauges = InstallationGauges(registry: registry)
        gauges.show([
            GaugeSample(name: .jobsPending, labels: ["host_key": "h1"], value: 3),
            GaugeSample(name: .jobsPending, labels: ["host_key": "h2"], value: 0),
            GaugeSample(name: .containers, labels: ["observed_state": "running"], value: 7),
            GaugeSample(name: .failingWebhooks, labels: [:], value: 1),
        ])
        var exposition = text(registry)
        #expect(exposition.contains(#"dro_jobs_pending{host_key="h1"} 3.0"#))
        #expect(exposition.contains(#"dro_containers{observed_state="running"} 7.0"#))
        #expect(exposition.contains("dro_webhook_endpoints_failing 1.0"))
        gauges.show([GaugeSample(name: .jobsPending, labels: ["host_key": "h1"], value: 4)])
        exposition = text(registry)
        #expect(exposition.contains(#"dro_jobs_pending{host_key="h1"} 4.0"#))
        #expect(!exposition.contains(#"host_key="h2""#))
        #expect(!exposition.contains("dro_containers"))
        gauges.clear()
        #expect(!text(registry).contains("dro_jobs_pending"))
    }
}
