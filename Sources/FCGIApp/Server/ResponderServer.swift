import APIMetrics
import Config
import FastCGI
import HTTPAPI
import Foundation
import Logging
import Store

/// N OS threads, each with its own FastCGI request and MariaDB connection, accepting under a
/// mutex (libfcgi's threaded.c pattern) unless the web server kept their last connection open. Blocking C calls never touch Swift's cooperative pool.
final class ResponderServer: @unchecked Sendable {
    // Sendable: everything is immutable after init except `acceptLock`, which is a lock.
    private let config: DROConfig
    private let role: APIRole
    private let listener: FastCGIListener
    private let logger: Logger
    private let metrics: APIMetrics
    private let acceptLock = NSLock()

    init(config: DROConfig, role: APIRole, listener: FastCGIListener, metrics: APIMetrics, logger: Logger) {
        self.config = config
        self.role = role
        self.listener = listener
        self.metrics = metrics
        self.logger = logger
    }

    /// Serves until the listener is shut down, then waits for the requests in flight.
    func run() {
        let threads = max(1, role.threads(config.api))
        let finished = DispatchSemaphore(value: 0)
        for index in 0..<threads {
            let thread = Thread { [self] in
                serve(thread: index)
                finished.signal()
            }
            thread.name = "dro-api-\(index)"
            thread.start()
        }
        for _ in 0..<threads { finished.wait() }
    }

    private func serve(thread index: Int) {
        StoreLibrary.threadStarted()
        defer { StoreLibrary.threadEnded() }
        let services: APIServices
        do {
            services = try APIServices(config: config, role: role, observer: metrics)
        } catch {
            logger.critical("thread \(index) cannot start: \(error)")
            return
        }
        let responder = APIResponder(table: role.table, services: services, logger: logger)
        let accessLog = AccessLog(logger: logger)
        var recorder = RequestRecorder(metrics: metrics)
        let request = FastCGIRequest(listener: listener)
        while true {
            // A thread waiting on a connection the web server kept open must not hold the lock,
            // or one idle connection would stop every other thread from accepting.
            let kept = request.holdsKeptConnection
            if !kept { acceptLock.lock() }
            let accepted = request.accept()
            if !kept { acceptLock.unlock() }
            guard accepted else { break }
            metrics.threadBecameBusy()
            let started = DispatchTime.now().uptimeNanoseconds
            // The body is always drained, so the web server never blocks writing one nobody reads.
            let http = HTTPRequest(parameter: request.parameter, body: request.readBody(limit: config.api.maxBodyBytes))
            let answer = responder.respond(to: http)
            request.write(answer.response.cgiBytes(requestID: http.requestID))
            let nanoseconds = Int64(DispatchTime.now().uptimeNanoseconds - started)
            // Counted before the answer is flushed: a scrape that follows the client's response
            // sees the request.
            recorder.record(RequestLabels(route: answer.route, method: http.method, status: answer.response.status), nanoseconds: nanoseconds)
            countOutcome(answer)
            request.finish()
            accessLog.record(http, answer, durationMicroseconds: nanoseconds / 1000)
            metrics.threadBecameIdle()
        }
    }

    private func countOutcome(_ answer: APIResponder.Answer) {
        if let dimension = answer.quotaRefusal { metrics.quotaRefused(dimension) }
        if answer.replayed { metrics.idempotentReplay() }
    }
}
