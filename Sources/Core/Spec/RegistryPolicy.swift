/// Which registries tenants may pull from (`api.allowed_registries`: exact registry hosts, with
/// their port; `docker.io` for unqualified images). A registry that is an IP literal, `localhost`
/// or a single-label host is refused unless allowed by name: dockerd pulls from outside the
/// tenants' egress rules, so such a name would let a tenant make the host connect to its own
/// private network. An empty list allows any other registry.
public struct RegistryPolicy: Sendable, Hashable {
    /// Lower-cased exact registry names.
    public let allowed: Set<String>

    public init(allowed: [String]) {
        self.allowed = Set(allowed.map { $0.lowercased() })
    }

    /// Throws a `validation_error` on `image` unless the image's registry may be used.
    public func check(_ image: ImageReference) throws {
        let registry = image.registry.lowercased()
        if allowed.contains(registry) { return }
        if Self.isPrivateName(registry) {
            throw APIError.validation(
                "image", "registry '\(image.registry)' is an IP address, localhost or a single-label host: only registries the operator allows by name may be used")
        }
        guard allowed.isEmpty else {
            throw APIError.validation("image", "images may come only from: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// An IP literal (v4 or bracketed v6), `localhost`, or a host name without a dot.
    static func isPrivateName(_ registry: String) -> Bool {
        if registry.hasPrefix("[") { return true }
        let host = registry.split(separator: ":", maxSplits: 1).first.map(String.init) ?? registry
        if host == "localhost" || !host.contains(".") { return true }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count == 4 && labels.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}
