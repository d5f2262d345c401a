import Foundation
import Store

/// Cron starts a `--for` run every minute that outlives the minute, so consecutive runs overlap.
/// Each registers as the host's current run; an older run that sees a newer one stops claiming
/// and only finishes what it holds, so there is no second of the minute without a run claiming.
final class RunHandover {
    private let session: Session
    private var checkedAt = Date.distantPast
    private var handedOver = false

    init(session: Session) { self.session = session }

    func register(seconds: Int) throws {
        let settings = session.settings
        try Leases(session.database).register(settings.runLease, owner: settings.owner, seconds: seconds)
    }

    /// Whether a newer run has registered (checked at most once a second).
    func isHandedOver() throws -> Bool {
        guard !handedOver, Date().timeIntervalSince(checkedAt) >= 1 else { return handedOver }
        checkedAt = Date()
        let holder = try Leases(session.database).holder(session.settings.runLease)
        handedOver = holder != nil && holder != session.settings.owner
        if handedOver { session.settings.logger.info("a newer run took over this host: finishing what this run holds") }
        return handedOver
    }
}
