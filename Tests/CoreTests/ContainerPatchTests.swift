import Testing
@testable import Core

/// A PATCH body: what it may give, how it is validated (exactly like a create), and what the
/// change decides by value.
@Suite("ContainerPatch and SpecChange")
struct ContainerPatchTests {
    private static let policy = CreatePolicy(
        defaults: PlatformDefaults(cpu: try? CPULimit(millis: 1000), memory: try? MemoryLimit("512m")), registries: RegistryPolicy(allowed: []))

    /// A stored spec as a create with the platform defaults would store it.
    private static func stored(_ body: String = #"{"image": "busybox:latest", "env": {"A": "1"}, "mem_limit": "64m", "labels": {"app": "shop"}}"#) throws -> ContainerSpec {
        let request = try CreateContainerRequest(json: json(#"{"name": "c", "host_key": "h", "#  + body.dropFirst()))
        return try policy.admit(request).spec
    }

    private static func change(_ patch: String, from spec: ContainerSpec? = nil, policy: CreatePolicy = policy) throws -> SpecChange {
        let current = try spec ?? stored()
        return SpecChange(from: current, to: try ContainerPatch(json: json(patch)).applied(to: current, policy: policy))
    }

    @Test("name, host_key and start are refused, even unchanged or null", arguments: [
        (#"{"name": "c"}"#, "name"), (#"{"host_key": "h"}"#, "host_key"), (#"{"start": true}"#, "start"), (#"{"name": null}"#, "name"),
        (#"{"image": "nginx", "start": false}"#, "start"),
    ])
    func fixedFields(body: String, field: String) {
        expectValidationError(field: field) { try ContainerPatch(json: json(body)) }
    }

    @Test("a body that is not an object is refused")
    func notAnObject() {
        expectValidationError(field: "body") { try ContainerPatch(json: json("[1]")) }
    }

    @Test("members are validated as a create validates them", arguments: [
        (#"{"image": "UPPER"}"#, "image"), (#"{"image": null}"#, "image"), (#"{"env": {"1A": "x"}}"#, "env"),
        (#"{"ports": [0]}"#, "ports[0]"), (#"{"cpu_limit": 0.001}"#, "cpu_limit"), (#"{"mem_limit": "1k"}"#, "mem_limit"),
        (#"{"command": "sh"}"#, "command"), (#"{"labels": {"Up": "x"}}"#, "labels"), (#"{"restart": "sometimes"}"#, "restart"),
    ])
    func invalidMembers(body: String, field: String) {
        expectValidationError(field: field) { try Self.change(body) }
    }

    @Test("a registry the operator does not allow is refused for a new image")
    func registries() throws {
        let strict = CreatePolicy(defaults: .off, registries: RegistryPolicy(allowed: ["docker.io"]))
        expectValidationError(field: "image") { try Self.change(#"{"image": "ghcr.io/a/b"}"#, policy: strict) }
        #expect(try Self.change(#"{"env": {}}"#, policy: strict).changed == ["env"])
    }

    @Test("equal by value is no change: unknown fields, the same values, another spelling", arguments: [
        "{}", #"{"privileged": true, "tenant_id": "x"}"#, #"{"mem_limit": "64M"}"#, #"{"mem_limit": 67108864}"#,
        #"{"env": {"A": "1"}, "image": "busybox:latest", "cpu_limit": 1}"#, #"{"labels": {"app": "shop"}, "restart": "on-failure"}"#,
        #"{"cpu_limit": null}"#, #"{"ports": []}"#, #"{"command": null}"#,
    ])
    func noOps(body: String) throws {
        let change = try Self.change(body)
        #expect(change.isNoOp && !change.needsJob && change.resources.isZero)
        #expect(change.spec == (try Self.stored()), "the stored spelling stays")
    }

    @Test("another spelling alongside a real change keeps the stored spelling")
    func spellingKept() throws {
        let change = try Self.change(#"{"mem_limit": "64M", "env": {"A": "2"}}"#)
        #expect(change.changed == ["env"] && change.spec.memory?.given == "64m")
    }

    @Test("what Docker runs changes: replaced, with a job", arguments: [
        (#"{"image": "nginx:1"}"#, ["image"]), (#"{"env": {}}"#, ["env"]), (#"{"ports": [80]}"#, ["ports"]),
        (#"{"cpu_limit": 0.5}"#, ["cpu_limit"]), (#"{"mem_limit": "1g"}"#, ["mem_limit"]), (#"{"command": ["sh"]}"#, ["command"]),
        (#"{"image": "nginx", "labels": {}, "restart": "never"}"#, ["image", "labels", "restart"]),
    ])
    func replacing(body: String, changed: [String]) throws {
        let change = try Self.change(body)
        #expect(change.changed == changed && change.replaces && change.needsJob)
        #expect(try change.spec.hash() != (try Self.stored()).hash())
    }

    @Test("restart alone needs a job that never replaces; labels alone need neither")
    func desiredOnly() throws {
        let restart = try Self.change(#"{"restart": "always"}"#)
        #expect(restart.changed == ["restart"] && !restart.replaces && restart.needsJob)
        #expect(try restart.spec.hash() == (try Self.stored()).hash())
        let labels = try Self.change(#"{"labels": {"app": "web", "tier": "1"}}"#)
        #expect(labels.changed == ["labels"] && !labels.replaces && !labels.needsJob && labels.spec.labels.values["tier"] == "1")
    }

    @Test("each given member replaces the old value whole; omitted ones stay")
    func wholeReplacement() throws {
        let change = try Self.change(#"{"env": {"B": "2"}}"#)
        #expect(change.spec.env.values == ["B": "2"])
        #expect(change.spec.labels.values == ["app": "shop"] && change.spec.memory?.given == "64m")
    }

    @Test("null for a limit means today's default, or no limit with the defaults off")
    func nullLimits() throws {
        let current = try Self.stored(#"{"image": "busybox", "cpu_limit": 0.25, "mem_limit": "64m"}"#)
        let reset = try Self.change(#"{"cpu_limit": null, "mem_limit": null}"#, from: current)
        #expect(reset.spec.cpu?.millis == 1000 && reset.spec.memory?.given == "512m")
        #expect(reset.resources == ResourceChange(from: ResourceRequest(cpuMillis: 250, memBytes: 64 * mib), to: ResourceRequest(cpuMillis: 1000, memBytes: 512 * mib)))
        let off = CreatePolicy(defaults: .off, registries: RegistryPolicy(allowed: []))
        let dropped = try Self.change(#"{"cpu_limit": null}"#, from: current, policy: off)
        #expect(dropped.spec.cpu == nil && dropped.resources.cpuMillis == -250 && dropped.changed == ["cpu_limit"])
    }

    @Test("a default is given only to a limit the patch resets, never to one it leaves alone")
    func defaultsOnlyWhenReset() throws {
        let unlimited = try CreatePolicy(defaults: .off, registries: RegistryPolicy(allowed: [])).admit(
            CreateContainerRequest(json: json(#"{"name": "c", "host_key": "h", "image": "busybox"}"#))).spec
        let change = try Self.change(#"{"env": {"A": "1"}}"#, from: unlimited)
        #expect(change.spec.cpu == nil && change.spec.memory == nil && change.resources.isZero)
    }
}

@Suite("QuotaDecision of a change")
struct QuotaChangeTests {
    private static func allocation(_ scope: String, cpuMillis: Int64? = nil, memBytes: Int64? = nil, used: QuotaUsage) -> Allocation {
        Allocation(scope: QuotaScope(scope), caps: QuotaCaps(cpuMillis: cpuMillis, memBytes: memBytes), usage: used)
    }

    private static let full = [allocation("*", cpuMillis: 2000, memBytes: gib, used: QuotaUsage(containers: 2, cpuMillis: 2000, memBytes: gib))]

    @Test("an increase past a cap is refused with the difference as `requested`")
    func increase() {
        let tight = [Self.allocation("eu", cpuMillis: 1500, used: QuotaUsage(cpuMillis: 1000)), Self.allocation("*", cpuMillis: 4000, used: QuotaUsage(cpuMillis: 1000))]
        let decision = QuotaDecision.decide(region: "eu", from: ResourceRequest(cpuMillis: 500, memBytes: nil),
                                            to: ResourceRequest(cpuMillis: 1500, memBytes: nil), allocations: tight)
        #expect(decision == .exceeded(QuotaRefusal(dimension: .cpu, scope: .region("eu"), requested: 1000, inUse: 1000, cap: 1500)))
        let fits = QuotaDecision.decide(region: "eu", from: ResourceRequest(cpuMillis: 500, memBytes: nil),
                                        to: ResourceRequest(cpuMillis: 1000, memBytes: nil), allocations: tight)
        #expect(fits == .allowed)
    }

    @Test("a decrease or an unchanged limit always passes, even over a cap", arguments: [
        (ResourceRequest(cpuMillis: 500, memBytes: 256 * mib), ResourceRequest(cpuMillis: 250, memBytes: 256 * mib)),
        (ResourceRequest(cpuMillis: 500, memBytes: 256 * mib), ResourceRequest(cpuMillis: 500, memBytes: 128 * mib)),
        (ResourceRequest(cpuMillis: 500, memBytes: nil), ResourceRequest(cpuMillis: 500, memBytes: nil)),
    ])
    func decrease(from: ResourceRequest, to: ResourceRequest) {
        let over = [Self.allocation("*", cpuMillis: 100, memBytes: mib, used: QuotaUsage(cpuMillis: 5000, memBytes: gib))]
        #expect(QuotaDecision.decide(region: "eu", from: from, to: to, allocations: over) == .allowed)
    }

    @Test("dropping a limit of a capped dimension needs it; uncapped it passes")
    func droppedLimit() {
        let from = ResourceRequest(cpuMillis: 500, memBytes: 64 * mib)
        #expect(QuotaDecision.decide(region: "eu", from: from, to: ResourceRequest(cpuMillis: nil, memBytes: 64 * mib), allocations: Self.full)
                == .missingLimit(field: "cpu_limit"))
        let uncapped = [Self.allocation("*", used: QuotaUsage())]
        #expect(QuotaDecision.decide(region: "eu", from: from, to: ResourceRequest(cpuMillis: nil, memBytes: nil), allocations: uncapped) == .allowed)
    }

    @Test("a container kept after its tenant's allocations were removed may still change")
    func noAllocation() {
        #expect(QuotaDecision.decide(region: "eu", from: ResourceRequest(cpuMillis: 500, memBytes: nil),
                                     to: ResourceRequest(cpuMillis: 900, memBytes: nil), allocations: []) == .allowed)
    }
}

@Suite("LabelFilter")
struct LabelFilterTests {
    @Test("key=value, split at the first =, held to the label rules", arguments: [
        ("app=shop", "app", "shop"), ("team/owner=a=b", "team/owner", "a=b"), ("k=", "k", ""),
        (repeated("a", 63) + "=v", repeated("a", 63), "v"), ("k=" + repeated("é", 256), "k", repeated("é", 256)),
    ])
    func accepted(text: String, key: String, value: String) throws {
        let filter = try LabelFilter(text)
        #expect(filter.key == key && filter.value == value)
    }

    @Test("anything else is a 400 naming label", arguments: [
        "app", "=v", "Up=v", "-a=v", repeated("a", 64) + "=v", "k=" + repeated("é", 257), "k=line\nbreak", "a:b=v",
    ])
    func refused(text: String) {
        expectValidationError(field: "label") { try LabelFilter(text) }
    }
}
