import Testing
@testable import Core

/// The spec is stored as canonical JSON; the SHA-256 of what Docker runs, normalised
/// (`spec_hash`), alone decides recreation, so equal specs must hash equally however they were
/// written and any change to what Docker runs must change the hash.
@Suite("ContainerSpec hash and canonical JSON")
struct SpecHashTests {
    private static let base = #"""
        {"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],
         "cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}
        """#

    /// The spec of a create body (adding the required name and host so only the spec varies).
    private static func spec(_ fields: String) throws -> ContainerSpec {
        let members = String(fields.dropFirst().dropLast())
        let body = #"{"name":"c","host_key":"h"\#(members.isEmpty ? "" : ",")\#(members)}"#
        return try CreateContainerRequest(json: json(body)).spec
    }

    @Test("the canonical JSON and hash are fixed: a change to the hash changes every new container's")
    func golden() throws {
        let spec = try Self.spec(Self.base)
        #expect(try spec.canonicalJSON() == #"{"command":["sh","-c","echo hi"],"cpu_millis":500,"env":{"A":"1","B":"2"},"image":"nginx:1.25","labels":{},"mem_bytes":536870912,"mem_limit":"512m","ports":[{"container_port":53,"protocol":"udp"},{"container_port":80,"protocol":"tcp"}],"restart":"on-failure"}"#)
        #expect(try spec.hash() == "3252ba3d4faa03567f52078175a5e35b73b822d529c3c2a5a0d6f07afb061f39")
        let bare = try Self.spec(#"{"image":"nginx"}"#)
        #expect(try bare.canonicalJSON() == #"{"env":{},"image":"nginx","labels":{},"ports":[],"restart":"on-failure"}"#)
        #expect(try bare.hash() == "244b36cc396615d050693526ec7066551d50ebfcfe7c91dae262b4ccbb5c8edb")
    }

    @Test("the hash is of normalised values: memory spellings, restart and labels do not change it; the stored spec keeps them")
    func normalised() throws {
        let base = try Self.spec(Self.base)
        for variant in [#""mem_limit":"512M""#, #""mem_limit":"0.5g""#, #""mem_limit":536870912"#, #""mem_limit":"512m","restart":"never""#,
                        #""mem_limit":"512m","labels":{"app":"shop"}"#] {
            let other = try Self.spec(Self.base.replacingOccurrences(of: #""mem_limit":"512m""#, with: variant))
            #expect(try other.hash() == base.hash(), "\(variant)")
            #expect(try other.canonicalJSON() != base.canonicalJSON(), "\(variant)")
        }
    }

    @Test("the same spec written differently hashes the same", arguments: [
        // env in another key order
        #"{"image":"nginx:1.25","env":{"B":"2","A":"1"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        // ports in another order and another accepted form
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":["53/udp",80],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[{"container_port":53,"protocol":"udp"},"80/tcp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        // members in another order, the same cpu written otherwise, allowlist-external noise
        #"{"command":["sh","-c","echo hi"],"mem_limit":"512m","cpu_limit":0.500,"ports":["53/UDP","80"],"env":{"B":"2","A":"1"},"image":"nginx:1.25","privileged":true}"#,
    ])
    func equalSpecsHashEqually(_ variant: String) throws {
        let base = try Self.spec(Self.base)
        let other = try Self.spec(variant)
        #expect(other == base)
        #expect(try other.canonicalJSON() == base.canonicalJSON())
        #expect(try other.hash() == base.hash())
    }

    @Test("changing any field changes the hash", arguments: [
        #"{"image":"nginx:1.26","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"ghcr.io/library/nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"3"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","b":"2"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2","C":""},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[81,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/tcp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp",443],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"cpu_limit":0.501,"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"mem_limit":"512m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"513m","command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"cpu_limit":0.5,"command":["sh","-c","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo ho"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["-c","sh","echo hi"]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":["sh","-c","echo hi",""]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m","command":[]}"#,
        #"{"image":"nginx:1.25","env":{"A":"1","B":"2"},"ports":[80,"53/udp"],"cpu_limit":0.5,"mem_limit":"512m"}"#,
    ])
    func changedSpecsHashDifferently(_ variant: String) throws {
        let base = try Self.spec(Self.base)
        let other = try Self.spec(variant)
        #expect(other != base)
        #expect(try other.hash() != base.hash())
    }

    @Test("all the variants hash to distinct values, as lower-case hex SHA-256")
    func hashShape() throws {
        let specs = try [
            #"{"image":"nginx"}"#, #"{"image":"nginx","command":[]}"#, #"{"image":"nginx","env":{"A":""}}"#,
            #"{"image":"nginx","ports":[1]}"#, #"{"image":"nginx","cpu_limit":0.01}"#, #"{"image":"nginx","mem_limit":"6m"}"#,
        ].map(Self.spec)
        let hashes = try specs.map { try $0.hash() }
        #expect(Set(hashes).count == specs.count)
        for hash in hashes {
            #expect(hash.count == 64)
            #expect(hash.allSatisfy { "0123456789abcdef".contains($0) })
        }
    }

    @Test("decode(canonicalJSON:) round-trips", arguments: [
        #"{"image":"nginx"}"#,
        base,
        #"{"image":"registry.example.localhost:5000/team/app:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","mem_limit":"1.5G","cpu_limit":256,"command":[]}"#,
        #"{"image":"nginx","mem_limit":6291456,"ports":[{"container_port":65535,"protocol":"sctp"},1]}"#,
        #"{"image":"nginx","env":{"Q":"a \"quoted\" \\ back/slash </script> \u0001\t\n","U":"héllo 😀 日本","E":""},"command":["","\u0007","💥"]}"#,
        #"{"image":"nginx","restart":"always","labels":{"app":"shop","team/owner":"ops é"}}"#,
    ])
    func roundTrip(_ fields: String) throws {
        let spec = try Self.spec(fields)
        let decoded = try ContainerSpec.decode(canonicalJSON: spec.canonicalJSON())
        #expect(decoded == spec)
        #expect(try decoded.canonicalJSON() == spec.canonicalJSON())
        #expect(try decoded.hash() == spec.hash())
        #expect(decoded.memory?.given == spec.memory?.given)
    }

    @Test("stored JSON is re-validated when decoded", arguments: [
        #"{"env":{},"image":"Nginx","ports":[]}"#,
        #"{"env":{"1A":"x"},"image":"nginx","ports":[]}"#,
        #"{"env":{},"image":"nginx","ports":[],"cpu_millis":9}"#,
        #"{"env":{},"image":"nginx","ports":[],"cpu_millis":256001}"#,
        #"{"env":{},"image":"nginx","ports":[],"mem_limit":"5m","mem_bytes":5242880}"#,
        #"{"env":{},"image":"nginx","ports":[],"command":["a\u0000"]}"#,
        #"{"env":{},"image":"nginx","ports":[{"container_port":0,"protocol":"tcp"}]}"#,
        #"{"env":{},"image":"nginx","ports":[{"container_port":65536,"protocol":"tcp"}]}"#,
        #"{"env":{},"image":"nginx","ports":[{"container_port":80,"protocol":"tcp"},{"container_port":80,"protocol":"tcp"}]}"#,
        #"{"env":{},"image":"nginx","ports":[{"container_port":80,"protocol":"http"}]}"#,
        #"{"env":{},"ports":[]}"#,
        #"{"env":{},"image":"nginx","ports":[],"restart":"sometimes"}"#,
        #"{"env":{},"image":"nginx","ports":[],"labels":{"Bad Key":"x"}}"#,
        #"not json"#,
    ])
    func decodeValidates(_ stored: String) {
        #expect(throws: (any Error).self) { try ContainerSpec.decode(canonicalJSON: stored) }
    }
}
