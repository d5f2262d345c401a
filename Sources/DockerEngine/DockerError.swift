import Foundation

/// Why a Docker Engine API call failed.
///
/// Docker answers "already started" and "already stopped" with `304 Not Modified`; those are
/// not errors, so the call returns normally.
public enum DockerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `404`: no such container, image or network. Carries Docker's message.
    case notFound(String)
    /// `409`: the name is taken, the container is not running, the object is in use.
    case conflict(String)
    /// Any other refusal by dockerd (`4xx`/`5xx`), or an error it reported inside a `200` stream
    /// (image pull progress, log stream); `status` is the HTTP status it answered with.
    case daemon(status: Int, message: String)
    /// dockerd could not be reached, or its answer was unreadable.
    case transport(String)
    /// dockerd did not answer within the request's timeout (a pull that takes too long, a hung
    /// daemon). Ping to tell the two apart.
    case timeout(String)

    /// The human-readable reason, without the case name.
    public var message: String {
        switch self {
        case .notFound(let message), .conflict(let message), .transport(let message), .timeout(let message): message
        case .daemon(_, let message): message
        }
    }

    public var description: String {
        switch self {
        case .notFound(let message): "docker: not found: \(message)"
        case .conflict(let message): "docker: conflict: \(message)"
        case .daemon(let status, let message): "docker: daemon error \(status): \(message)"
        case .transport(let message): "docker: transport: \(message)"
        case .timeout(let message): "docker: timed out: \(message)"
        }
    }
}

extension DockerError {
    /// The error an HTTP answer stands for, or nil when it is a success (`2xx` or `304`).
    init?(status: Int, body: [UInt8], decoder: JSONDecoder) {
        if (200..<300).contains(status) || status == 304 { return nil }
        let message = Self.daemonMessage(in: body, decoder: decoder)
        switch status {
        case 404: self = .notFound(message)
        case 409: self = .conflict(message)
        default: self = .daemon(status: status, message: message)
        }
    }

    /// Docker's `{"message": …}`, or the raw body (bounded) when it is not that shape.
    private static func daemonMessage(in body: [UInt8], decoder: JSONDecoder) -> String {
        struct Envelope: Decodable { let message: String }
        if let envelope = try? decoder.decode(Envelope.self, from: Data(body)) { return envelope.message }
        return String(decoding: body.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
