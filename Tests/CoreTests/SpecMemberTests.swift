import Testing
@testable import Core

/// The member table agrees with the forms it stands for: the stored document's keys, the hash,
/// the request members and the defaults older documents are shown with.
@Suite("ContainerSpec.members")
struct SpecMemberTests {
    /// A value for each member, different from the base spec's.
    private static let changedValues = [
        "image": #""nginx:1.26""#, "env": #"{"B": "2"}"#, "ports": "[80]", "command": #"["x"]"#, "cpu_limit": "0.5",
        "mem_limit": #""64m""#, "restart": #""always""#, "labels": #"{"app": "shop"}"#,
    ]

    private static func base() throws -> ContainerSpec {
        try ContainerSpec(request: { _ in nil }, image: ImageReference("nginx:1.25"))
    }

    @Test("the stored keys are exactly those of a spec with every member given")
    func storedKeys() throws {
        let full = try Self.changedValues.reduce(Self.base()) { spec, member in
            try spec.replacing({ $0 == member.key }, { $0 == member.key ? try? json(member.value) : nil })
        }
        let document = Array(try full.canonicalJSON().utf8)
        let keys = try JSONSpans.members(document).map { String(decoding: document[$0.key], as: UTF8.self) }
        #expect(Set(keys) == Set(ContainerSpec.members.flatMap(\.stored).map(\.key)))
        #expect(Set(Self.changedValues.keys) == Set(ContainerSpec.members.map(\.apiKey)))
    }

    @Test("each member is read from a request, changes alone, and moves the hash exactly when it is in it",
          arguments: ContainerSpec.members.map(\.apiKey))
    func eachMember(_ key: String) throws {
        let member = try #require(ContainerSpec.members.first { $0.apiKey == key })
        let value = try json(try #require(Self.changedValues[key]))
        let base = try Self.base()
        let changed = try base.replacing({ $0 == key }, { $0 == key ? value : nil })
        #expect(SpecChange(from: base, to: changed).changed == [key])
        #expect((try base.hash() != changed.hash()) == member.inHash)
        #expect(SpecChange(from: base, to: changed).replaces == member.inHash)
        #expect(ContainerPatch.members.contains(key))
    }

    @Test("an absent member is shown as a spec without it is stored: its default, or null")
    func absentDefaults() throws {
        let document = Array(try Self.base().canonicalJSON().utf8)
        var present: [String: String] = [:]
        for member in try JSONSpans.members(document) {
            present[String(decoding: document[member.key], as: UTF8.self)] = String(decoding: document[member.value], as: UTF8.self)
        }
        for stored in ContainerSpec.members.flatMap(\.stored) {
            if let absent = stored.absent {
                #expect(absent == present[stored.key] ?? "null", "\(stored.key)")
            } else {
                #expect(present[stored.key] != nil, "\(stored.key) is always stored")
            }
        }
    }
}
