import Foundation
import Testing
@testable import Config

/// `api.listen` (unix path or host:port, with `allowed_peers` when reachable from other
/// machines) and `database.hosts` / `database.tls` (required once a host is not local).
@Suite("Scale-out settings")
struct ScaleOutConfigTests {
    private func decode(api: String = "{}", database: String = #""socket": "/run/mysqld/mysqld.sock""#) throws -> DROConfig {
        let text = #"{"installation_id": "dro-test", "database": {\#(database)}, "api": \#(api)}"#
        return try JSONDecoder().decode(DROConfig.self, from: Data(text.utf8))
    }

    @Test("listen takes a unix path or host:port; socket is its older name")
    func listenForms() throws {
        #expect(try decode(api: #"{"listen": "/run/dro/a.sock"}"#).api.listen == .unix(path: "/run/dro/a.sock"))
        #expect(try decode(api: #"{"socket": "/run/dro/b.sock"}"#).api.listen == .unix(path: "/run/dro/b.sock"))
        #expect(try decode(api: #"{"listen": "127.0.0.1:9000", "socket": "/x.sock"}"#).api.listen == .tcp(host: "127.0.0.1", port: 9000))
        #expect(try decode(api: #"{"operator_listen": "127.0.0.1:65535"}"#).api.operatorListen == .tcp(host: "127.0.0.1", port: 65535))
        #expect(try decode().api.listen == .unix(path: "/run/dro/api.sock"))
    }

    @Test("listen refuses what libfcgi cannot bind", arguments: [
        "relative.sock", ":9000", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1", "host name:90", "[::1]:9000",
    ])
    func listenRefused(_ text: String) {
        #expect(throws: DecodingError.self) { try decode(api: #"{"listen": "\#(text)"}"#) }
    }

    @Test("a listener other machines can reach needs allowed_peers")
    func peersRequired() throws {
        #expect(throws: DecodingError.self) { try decode(api: #"{"listen": "10.0.0.5:9000"}"#) }
        #expect(throws: DecodingError.self) { try decode(api: #"{"operator_listen": "0.0.0.0:9001"}"#) }
        let config = try decode(api: #"{"listen": "10.0.0.5:9000", "allowed_peers": ["10.0.0.2"]}"#)
        #expect(config.api.allowedPeers == ["10.0.0.2"])
        #expect(try decode(api: #"{"listen": "127.0.0.2:9000"}"#).api.allowedPeers.isEmpty)
        #expect(throws: DecodingError.self) { try decode(api: #"{"listen": "10.0.0.5:9000", "allowed_peers": ["10.0.0.0/8"]}"#) }
        #expect(throws: DecodingError.self) { try decode(api: #"{"allowed_peers": ["256.0.0.1"]}"#) }
    }

    @Test("hosts in order; the older single host keys still work")
    func hosts() throws {
        let config = try decode(database: #""hosts": ["127.0.0.1:3307", "localhost", "/run/m.sock"]"#)
        #expect(config.database.hosts == [.tcp(host: "127.0.0.1", port: 3307), .tcp(host: "localhost", port: 3306), .socket("/run/m.sock")])
        #expect(try decode().database.hosts == [.socket("/run/mysqld/mysqld.sock")])
        #expect(try decode(database: #""host": "127.0.0.1", "port": 3310"#).database.hosts == [.tcp(host: "127.0.0.1", port: 3310)])
    }

    @Test("hosts bounds: 1 to 16 well-formed entries", arguments: [
        #"[]"#, #"["db:0"]"#, #"["db:65536"]"#, #"["db:1:2"]"#, #"[":3306"]"#, #"["a b:3306"]"#,
        "[" + Array(repeating: #""127.0.0.1:3306""#, count: 17).joined(separator: ",") + "]",
    ])
    func hostsRefused(_ list: String) {
        #expect(throws: DecodingError.self) { try decode(database: #""hosts": \#(list)"#) }
    }

    @Test("16 hosts and port 65535 are accepted")
    func hostsUpperBound() throws {
        let list = Array(repeating: #""127.0.0.1:65535""#, count: 16).joined(separator: ",")
        #expect(try decode(database: #""hosts": [\#(list)]"#).database.hosts.count == 16)
    }

    @Test("a host not on this machine requires tls")
    func tlsRequired() throws {
        #expect(throws: DecodingError.self) { try decode(database: #""hosts": ["127.0.0.1:3306", "10.0.0.7:3306"]"#) }
        #expect(throws: DecodingError.self) { try decode(database: #""host": "db1.internal""#) }
        let config = try decode(database: #""hosts": ["10.0.0.7:3306"], "tls": {"ca_file": "/etc/dro/db-ca.pem"}"#)
        #expect(config.database.tls?.caFile == "/etc/dro/db-ca.pem")
        #expect(config.database.tls?.verifyServerCertificate == true)
        #expect(try decode(database: #""hosts": ["127.0.0.1:3306", "localhost:3307"]"#).database.tls == nil)
    }

    @Test("tls: a client certificate comes with its key")
    func clientCertificate() throws {
        #expect(throws: DecodingError.self) {
            try decode(database: #""hosts": ["10.0.0.7"], "tls": {"ca_file": "/ca.pem", "cert_file": "/c.pem"}"#)
        }
        let config = try decode(database: #""hosts": ["10.0.0.7"], "tls": {"ca_file": "/ca.pem", "verify_server_cert": false, "cert_file": "/c.pem", "key_file": "/k.pem"}"#)
        #expect(config.database.tls?.verifyServerCertificate == false)
        #expect(config.database.tls?.keyFile == "/k.pem")
    }

    @Test("return_probe_seconds bounds", arguments: [(0.1, true), (3600, true), (0.09, false), (3601, false)])
    func returnProbe(_ seconds: Double, _ accepted: Bool) {
        let result = Result { try decode(database: #""socket": "/s", "return_probe_seconds": \#(seconds)"#) }
        #expect(((try? result.get()) != nil) == accepted)
    }
}
