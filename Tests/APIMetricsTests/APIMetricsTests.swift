import Core
import Store
import Testing
@testable import APIMetrics

/// What a scrape shows after recording.
@Suite("APIMetrics exposition")
struct APIMetricsTests {
    func text(_ metrics: APIMetrics) -> String { String(decoding: metrics.exposition(), as: UTF8.self) }

    @Test("build info names the version and the role")
    func buildInfo() {
        let exposition = text(APIMetrics(role: "operator", version: "1.2.3"))
        #expect(exposition.contains(#"dro_build_info{version="1.2.3",role="operator"} 1.0"#))
        #expect(exposition.contains("# TYPE dro_build_info gauge"))
    }

    @Test("requests are counted by route template, method and status, and timed by route")
    func requests() {
        let metrics = APIMetrics(role: "tenant")
        // Two threads' recorders add to the same series.
        var first = RequestRecorder(metrics: metrics), second = RequestRecorder(metrics: metrics)
        first.record(RequestLabels(route: "/v1/containers/{id}", method: "GET", status: 404), nanoseconds: 3_000_000)
        second.record(RequestLabels(route: "/v1/containers/{id}", method: "GET", status: 404), nanoseconds: 3_000_000)
        first.record(RequestLabels(route: "-", method: "BREW", status: 404), nanoseconds: 1_000)
        let exposition = text(metrics)
        #expect(exposition.contains(#"dro_http_requests_total{route="/v1/containers/{id}",method="GET",status="404"} 2"#))
        #expect(exposition.contains(#"dro_http_requests_total{route="-",method="other",status="404"} 1"#))
        #expect(exposition.contains(#"dro_http_request_duration_seconds_count{route="/v1/containers/{id}"} 2"#))
        #expect(exposition.contains(#"dro_http_request_duration_seconds_bucket{route="/v1/containers/{id}",le="0.005"} 2"#))
        #expect(exposition.contains(#"dro_http_request_duration_seconds_bucket{route="/v1/containers/{id}",le="0.0025"} 0"#))
    }

    @Test("every quota dimension and retry cause is exported from the start, at zero")
    func fixedSeries() {
        let metrics = APIMetrics(role: "tenant")
        metrics.quotaRefused(.memory)
        metrics.transactionRetried(.deadlock)
        metrics.databaseFailed()
        metrics.idempotentReplay()
        let exposition = text(metrics)
        #expect(exposition.contains(#"dro_quota_refusals_total{dimension="memory"} 1"#))
        #expect(exposition.contains(#"dro_quota_refusals_total{dimension="cpu"} 0"#))
        #expect(exposition.contains(#"dro_db_transaction_retries_total{cause="deadlock"} 1"#))
        #expect(exposition.contains(#"dro_db_transaction_retries_total{cause="reconnect"} 0"#))
        #expect(exposition.contains("dro_db_errors_total 1"))
        #expect(exposition.contains("dro_idempotent_replays_total 1"))
    }

    @Test("busy threads and database reachability are gauges")
    func gauges() {
        let metrics = APIMetrics(role: "tenant")
        metrics.threadBecameBusy()
        metrics.threadBecameBusy()
        metrics.threadBecameIdle()
        metrics.databaseReached(true)
        metrics.databaseReached(false)
        let exposition = text(metrics)
        #expect(exposition.contains("dro_responder_threads_busy 1.0"))
        #expect(exposition.contains("dro_db_up 0.0"))
    }
}
