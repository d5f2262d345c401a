import Testing
@testable import Core

/// Docker's refusals become the machine-readable codes tenants and panels see.
@Suite("FailureCode")
struct FailureCodeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let step: ConvergeStep
        let refusal: DockerRefusal
        let expected: FailureCode
        var testDescription: String { "\(step.rawValue): \(refusal.message) → \(expected.rawValue)" }
    }

    static let cases: [Case] = [
        Case(step: .pull, refusal: DockerRefusal(status: 404, message: "manifest for x:1 not found: manifest unknown"), expected: .imageNotFound),
        Case(step: .pull, refusal: DockerRefusal(status: 404, message: "pull access denied for x, repository does not exist or may require 'docker login'"),
             expected: .imageNotFound),
        Case(step: .pull, refusal: DockerRefusal(status: 500, message: "Get \"https://r.test/v2/\": dial tcp 127.0.0.1:5: connect: connection refused"),
             expected: .registryRefused),
        Case(step: .pull, refusal: DockerRefusal(status: 500, message: "unauthorized: authentication required"), expected: .registryRefused),
        Case(step: .pull, refusal: DockerRefusal(status: nil, message: "operation timed out after 3000 ms", timedOut: true), expected: .pullTimeout),
        Case(step: .pull, refusal: DockerRefusal(status: 500, message: "net/http: TLS handshake timeout"), expected: .pullTimeout),
        Case(step: .pull, refusal: DockerRefusal(status: 500, message: "failed to register layer: no space left on device"), expected: .pullFailed),
        Case(step: .network, refusal: DockerRefusal(status: 500, message: "could not find an available, non-overlapping IPv4 address pool"),
             expected: .addressPoolExhausted),
        Case(step: .network, refusal: DockerRefusal(status: 500, message: "network with name x already exists"), expected: .dockerError),
        Case(step: .start, refusal: DockerRefusal(status: 500, message: "no available IPv4 addresses on this network's address pools"),
             expected: .addressPoolExhausted),
        Case(step: .start, refusal: DockerRefusal(status: 400, message: "exec: \"a\u{0301}\": executable file not found in $PATH"),
             expected: .startRefused),
        Case(step: .create, refusal: DockerRefusal(status: 400, message: "invalid reference format"), expected: .startRefused),
        Case(step: .stop, refusal: DockerRefusal(status: 500, message: "cannot stop container: permission denied"), expected: .dockerError),
        Case(step: .remove, refusal: DockerRefusal(status: 409, message: "removal already in progress"), expected: .dockerError),
    ]

    @Test(arguments: cases)
    func classifies(_ c: Case) {
        #expect(FailureCode.classify(c.step, c.refusal) == c.expected)
    }

    @Test("every code has a short generic text that fits its column")
    func tenantMessages() {
        for code in FailureCode.allCases {
            #expect(!code.tenantMessage.isEmpty && code.tenantMessage.count < 120)
            #expect(TextColumn.errorText.fit(code.tenantMessage) == code.tenantMessage)
        }
    }
}
