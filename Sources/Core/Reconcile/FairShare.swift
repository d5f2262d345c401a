/// Which runnable work a host's run takes next: oldest first, but no tenant beyond
/// ⌈parallelism / tenants with runnable work⌉ at once (counting what it already has in flight),
/// so one tenant's slow pulls or stubborn stops cannot take every slot.
public enum FairShare {
    /// One piece of runnable work, in the order it became runnable.
    public struct Candidate<ID: Hashable & Sendable>: Hashable, Sendable {
        public let id: ID
        public let tenantID: String

        public init(id: ID, tenantID: String) {
            self.id = id
            self.tenantID = tenantID
        }
    }

    /// The candidates to start now, oldest first, at most `free` of them.
    public static func pick<ID>(
        _ candidates: [Candidate<ID>], inFlight: [String: Int], parallelism: Int, free: Int
    ) -> [ID] {
        guard free > 0, !candidates.isEmpty else { return [] }
        let tenants = Set(candidates.map(\.tenantID)).count
        let share = (max(1, parallelism) + tenants - 1) / tenants
        var taken = inFlight
        var picked = [ID]()
        for candidate in candidates where picked.count < free {
            let count = taken[candidate.tenantID, default: 0]
            guard count < share else { continue }
            taken[candidate.tenantID] = count + 1
            picked.append(candidate.id)
        }
        return picked
    }
}
