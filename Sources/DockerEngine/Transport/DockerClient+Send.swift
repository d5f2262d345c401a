import Foundation

extension DockerClient {
    /// Sends a request and turns error statuses into ``DockerError``.
    func send(_ request: DockerRequest) throws(DockerError) -> DockerResponse {
        let response = try session.perform(
            method: request.method,
            target: request.target(apiVersion: Self.apiVersion),
            body: request.body,
            timeout: request.timeout ?? configuration.requestTimeout
        )
        if let error = DockerError(status: response.status, body: response.body, decoder: decoder) { throw error }
        return response
    }

    /// Sends a request and decodes its JSON answer.
    func send<Value: Decodable>(_ request: DockerRequest, decoding type: Value.Type = Value.self) throws(DockerError) -> Value {
        let body = try send(request).body
        do {
            return try decoder.decode(type, from: Data(body))
        } catch {
            throw .transport("\(request.method.rawValue) \(request.path): unexpected answer: \(error)")
        }
    }

    /// Encodes a request body as JSON.
    func json(_ value: some Encodable) throws(DockerError) -> Data {
        do {
            return try encoder.encode(value)
        } catch {
            throw .transport("cannot encode \(type(of: value)): \(error)")
        }
    }

    /// The `filters` query value selecting objects that carry every one of `labels`.
    func labelFilter(_ labels: [String: String]) throws(DockerError) -> (name: String, value: String) {
        let selectors = labels.map { "\($0.key)=\($0.value)" }.sorted()
        return ("filters", String(decoding: try json(["label": selectors]), as: UTF8.self))
    }
}
