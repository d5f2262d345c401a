import Foundation
import Store

/// Renews every lease the run holds (containers being converged, their jobs, host-wide leases
/// such as a tenant's pull) a few times per lease period, so a long action (an image pull, a
/// stop that waits out its grace period) never loses its lease while it runs. Renewals only
/// extend unexpired leases of this owner: one taken over stays the new holder's.
final class LeaseKeeper {
    private let session: Session
    private var renewedAt = Date.distantPast

    init(session: Session) { self.session = session }

    func renewIfDue() throws {
        let settings = session.settings
        let seconds = settings.policy.leaseSeconds
        guard Date().timeIntervalSince(renewedAt) >= Double(seconds) / 4 else { return }
        try ContainerObservations(session.database).renew(hostKey: settings.hostKey, owner: settings.owner, seconds: seconds)
        try JobQueue.renew(session.database, hostKey: settings.hostKey, owner: settings.owner, seconds: seconds)
        try Leases(session.database).renew(owner: settings.owner, seconds: seconds)
        renewedAt = Date()
    }
}
