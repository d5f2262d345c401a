import CryptoPrimitives
import Testing
@testable import Core

/// Webhook deliveries are signed as receivers are told to check them; secrets are sealed so that
/// only the key, the nonce and the endpoint's own id open them; URLs follow the registration rules.
@Suite("Webhooks")
struct WebhookTests {
    @Test("the signature is t=<seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<body>\")>")
    func signature() throws {
        let value = try WebhookSignature.value(secret: WebhookSecret(value: "whsec_test"), timestamp: 1_700_000_000,
                                               body: Array(#"{"id":"evt_1"}"#.utf8))
        // Computed independently: python3 hmac.new(b"whsec_test", b'1700000000.{"id":"evt_1"}', sha256).
        #expect(value == "t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925")
    }

    @Test("HMAC-SHA256 matches RFC 4231 test case 2")
    func hmacVector() throws {
        let code = try HMACSHA256.code(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Hex.encode(code) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("a sealed secret opens with its key and endpoint id, and with nothing else")
    func sealing() throws {
        let key = try SecureRandom.bytes(32)
        let secret = try WebhookSecret.mint()
        #expect(secret.value.hasPrefix("whsec_") && secret.value.utf8.count == 49)
        let sealed = try secret.seal(key: key, webhookID: "whk_1")
        #expect(sealed.nonce.count == 12 && !sealed.ciphertext.isEmpty)
        #expect(!String(decoding: sealed.ciphertext, as: UTF8.self).contains(secret.value))
        #expect(try WebhookSecret.open(ciphertext: sealed.ciphertext, nonce: sealed.nonce, key: key, webhookID: "whk_1").value == secret.value)
        #expect(throws: CryptoError.self) { try WebhookSecret.open(ciphertext: sealed.ciphertext, nonce: sealed.nonce, key: key, webhookID: "whk_2") }
        #expect(throws: CryptoError.self) {
            try WebhookSecret.open(ciphertext: sealed.ciphertext, nonce: sealed.nonce, key: try SecureRandom.bytes(32), webhookID: "whk_1")
        }
        var tampered = sealed.ciphertext
        tampered[0] ^= 1
        #expect(throws: CryptoError.self) { try WebhookSecret.open(ciphertext: tampered, nonce: sealed.nonce, key: key, webhookID: "whk_1") }
        let again = try secret.seal(key: key, webhookID: "whk_1")
        #expect(again.nonce != sealed.nonce && again.ciphertext != sealed.ciphertext, "a fresh nonce per seal")
        #expect(throws: CryptoError.self) { try AESGCM.seal([1], key: [1, 2, 3], associated: []) }
    }

    @Test("accepted URLs", arguments: [
        "https://hooks.localhost/hook", "https://hooks.localhost", "HTTPS://Hooks.LOCALHOST:8443/a?b=c", "https://[2001:db8::1]:443/x",
        "https://192.0.2.1/x", "http://127.0.0.1:9000/hook",
    ])
    func validURL(_ text: String) throws {
        #expect(try WebhookURL(text, policy: WebhookTargetPolicy(plainHTTPHosts: ["127.0.0.1"])).value == text)
    }

    @Test("the origin drops path and query, which may hold a secret", arguments: [
        ("https://hooks.localhost/services/T0/B0/secret", "https://hooks.localhost"), ("HTTPS://Hooks.LOCALHOST:8443/a?b=c", "HTTPS://Hooks.LOCALHOST:8443"),
        ("https://[2001:db8::1]:443/x", "https://[2001:db8::1]:443"), ("http://127.0.0.1:9000?token=t", "http://127.0.0.1:9000"),
        ("https://hooks.localhost", "https://hooks.localhost"),
    ])
    func origin(_ text: String, _ origin: String) throws {
        #expect(try WebhookURL(text, policy: WebhookTargetPolicy(plainHTTPHosts: ["127.0.0.1"])).origin == origin)
    }

    @Test("refused URLs name url", arguments: [
        "", "http://hooks.localhost/", "http://localhost/", "https://user:pw@hooks.localhost/", "https://a@hooks.localhost/", "ftp://hooks.localhost/",
        "https://", "https://:443/", "https://hooks local/", "https://hooks.localhost/#f", "https://hooks.localhost:0/", "https://hooks.localhost:65536/",
        "https://hooks.localhost:/", "https://[::1/", "https://hooks_x.localhost/", "hooks.localhost", "https://hooks.localhost/\u{e9}",
        "https://" + repeated("a", 2048) + ".com",
    ])
    func invalidURL(_ text: String) {
        expectValidationError(field: "url", "\(text)") { try WebhookURL(text, policy: WebhookTargetPolicy(plainHTTPHosts: ["127.0.0.1"])) }
    }

    @Test("a registration names known event types, sorted without repeats")
    func creation() throws {
        let made = try WebhookCreation(json: try json(#"{"url": "https://e.com/", "event_types": ["tenant.created", "container.created", "tenant.created"]}"#),
                                       policy: WebhookTargetPolicy())
        #expect(made.eventTypes == [.containerCreated, .tenantCreated] && made.tenantID == nil)
        #expect(try WebhookCreation(json: try json(#"{"url": "https://e.com/", "event_types": null}"#), policy: WebhookTargetPolicy()).eventTypes == nil)
        for body in [#"{"url": "https://e.com/", "event_types": []}"#, #"{"url": "https://e.com/", "event_types": ["x"]}"#,
                     #"{"url": "https://e.com/", "event_types": [1]}"#, #"{"url": "https://e.com/", "event_types": "container.created"}"#] {
            expectValidationError(field: "event_types", "\(body)") { try WebhookCreation(json: try json(body), policy: WebhookTargetPolicy()) }
        }
        expectValidationError(field: "url") { try WebhookCreation(json: try json("{}"), policy: WebhookTargetPolicy()) }
        expectValidationError(field: "tenant_id") {
            try WebhookCreation(json: try json(#"{"url": "https://e.com/", "tenant_id": ""}"#), policy: WebhookTargetPolicy())
        }
    }

    @Test("backoff doubles up to its maximum, then the endpoint is failing after the window")
    func backoff() {
        let policy = DeliveryBackoff(initialSeconds: 10, maxSeconds: 60, failingAfterSeconds: 3600)
        let delays = (1...6).map { policy.afterFailure(attempts: $0, failingFor: 100) }
        #expect(delays == [10, 20, 40, 60, 60, 60].map { .retry(afterSeconds: $0) })
        #expect(policy.afterFailure(attempts: 1_000, failingFor: 100) == .retry(afterSeconds: 60))
        #expect(policy.afterFailure(attempts: 30, failingFor: 3600) == .failing)
    }
}
