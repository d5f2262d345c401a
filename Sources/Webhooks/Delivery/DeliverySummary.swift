import Foundation
import Logging

/// The counts of one run, logged as one line at its end; delivery threads add to them under a lock.
final class DeliverySummary: @unchecked Sendable {
    struct Counts {
        var endpoints = 0
        var delivered = 0
        var failed = 0
        var markedFailing = 0
        var leasesLost = 0
        var errors = 0
    }

    let runID: String
    private let beganAt = Date()
    private let lock = NSLock()
    private var counts = Counts()

    init(runID: String) { self.runID = runID }

    func add(_ field: WritableKeyPath<Counts, Int>, _ amount: Int = 1) {
        lock.withLock { counts[keyPath: field] += amount }
    }

    func log(_ logger: Logger, outcome: String) {
        let c = lock.withLock { counts }
        logger.info("run finished", metadata: [
            "outcome": "\(outcome)", "endpoints": "\(c.endpoints)", "delivered": "\(c.delivered)", "failed": "\(c.failed)",
            "marked_failing": "\(c.markedFailing)", "leases_lost": "\(c.leasesLost)", "errors": "\(c.errors)",
            "seconds": "\(String(format: "%.1f", Date().timeIntervalSince(beganAt)))",
        ])
    }
}
