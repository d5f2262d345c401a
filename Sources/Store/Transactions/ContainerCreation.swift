import Core
import CryptoPrimitives
import MariaDB

/// The answer to a create: the container's id and the 201 body, or the replay of a keyed create.
public struct CreateOutcome: Sendable {
    public let containerID: String
    public let body: String
    public let replayed: Bool
}

/// The quota-locked create transaction: one transaction claims the idempotency
/// key, write-locks the tenant's allocation rows, lets Core decide placement and quota, then
/// inserts the row, charges the counters, enqueues the job and records the event.
public struct ContainerCreation {
    let database: Database
    let idempotencyTTLHours: Int

    public init(database: Database, idempotencyTTLHours: Int) {
        self.database = database
        self.idempotencyTTLHours = idempotencyTTLHours
    }

    private struct KeyTaken: Error {}

    public func create(
        _ request: CreateContainerRequest, principal: Principal, idempotencyKey: String?, requestID: String?,
        render: (ContainerRecord) throws -> String
    ) throws -> CreateOutcome {
        // Hosts change rarely and reading one takes no lock, so it happens before the transaction;
        // the permission to use it is decided under the lock, with the tenant's allocations.
        guard let host = try database.read({ try FleetStore($0).host(request.hostKey) }) else {
            try Self.refuseWithoutAllocations(try AllocationStore(database).allocations(tenantID: principal.tenantID), request)
            throw PlacementDecision.hostRefused
        }
        let now = Timestamp.now()
        let id = try SecureRandom.identifier(prefix: "ctr")
        // Encoded once, and outside the transaction: the tenant's allocation rows stay locked shorter.
        let canonicalSpec = try request.spec.canonicalJSON()
        let specHash = try request.spec.hash()
        let body = try render(ContainerRow.newRecord(id: id, request: request, canonicalSpec: canonicalSpec, region: host.region, now: now))
        // Only a keyed create compares fingerprints; computing one encodes the spec again.
        let fingerprint = idempotencyKey == nil ? [] : try SHA256.digest(try request.fingerprint())
        let tenantID = principal.tenantID

        // A second pass only follows an expired key being cleared.
        for _ in 0..<2 {
            do {
                try database.transaction { connection in
                    if let idempotencyKey {
                        do {
                            try IdempotencyStore(connection: connection).claim(
                                tenantID: tenantID, key: idempotencyKey, requestSHA256: fingerprint, containerID: id, body: body,
                                now: now, ttlHours: idempotencyTTLHours)
                        } catch let error as MariaDBError where error.isDuplicateKey {
                            throw KeyTaken()
                        }
                    }
                    let allocations = try AllocationStore(connection).lockAndRead(tenantID: tenantID)
                    try Self.refuseWithoutAllocations(allocations, request)
                    let resources = ResourceRequest(request.spec)
                    let region = try PlacementDecision.decide(host: host.facts, allocationScopes: allocations.map(\.scope), request: resources)
                    switch QuotaDecision.decide(region: region, request: resources, allocations: allocations) {
                    case .allowed: break
                    case .missingLimit(let field):
                        throw APIError.validation(field, "\(field) is required: your quota caps this resource")
                    case .exceeded(let refusal):
                        throw refusal.error
                    }
                    try ContainerStore(connection).insert(
                        id: id, tenantID: tenantID, request: request, canonicalSpec: canonicalSpec, specHash: specHash, region: region, now: now)
                    try AllocationStore(connection).charge(
                        tenantID: tenantID, region: region, containers: 1, cpuMillis: resources.cpuMillis ?? 0,
                        memBytes: resources.memBytes ?? 0, now: now)
                    try JobQueue(connection).enqueue(containerID: id, hostKey: request.hostKey, generation: 1, now: now)
                    try EventLog(connection).append(
                        .containerCreated, tenantID: tenantID, containerID: id, actor: principal.actor,
                        detail: ["name": .string(request.name.value), "image": .string(request.spec.image.value),
                                 "host_key": .string(request.hostKey), "generation": .number(1)],
                        requestID: requestID)
                }
                return CreateOutcome(containerID: id, body: body, replayed: false)
            } catch is KeyTaken {
                // Only a keyed create claims a key.
                guard let key = idempotencyKey else { throw StoreError("an unkeyed create found its key taken", kind: .failed) }
                let stored = try database.read {
                    try IdempotencyStore(connection: $0).find(tenantID: tenantID, key: key, now: Timestamp.now())
                }
                guard let stored, !stored.expired else {
                    try database.read {
                        try IdempotencyStore(connection: $0).removeExpired(tenantID: tenantID, key: key, now: Timestamp.now())
                    }
                    continue
                }
                guard constantTimeEquals(stored.requestSHA256, fingerprint) else {
                    throw APIError.conflict("idempotency_key_reused", "this Idempotency-Key was used for a different request")
                }
                return CreateOutcome(containerID: stored.containerID, body: stored.body, replayed: true)
            }
        }
        throw APIError.conflict("idempotency_key_busy", "this Idempotency-Key is being used by a concurrent request; retry")
    }

    /// A tenant without any allocation may place nowhere: the same quota refusal whatever the
    /// host_key (known, unknown, disabled), so it learns nothing about the fleet.
    private static func refuseWithoutAllocations(_ allocations: [Allocation], _ request: CreateContainerRequest) throws {
        if allocations.isEmpty, case .exceeded(let refusal) = QuotaDecision.decide(region: "", request: ResourceRequest(request.spec), allocations: []) {
            throw refusal.error
        }
    }
}
