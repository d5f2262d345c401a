/// What the platform's policy does to a validated create before quota and placement: the image's
/// registry must be allowed, and absent limits get the platform's defaults.
public struct CreatePolicy: Sendable, Hashable {
    public let defaults: PlatformDefaults
    public let registries: RegistryPolicy

    public init(defaults: PlatformDefaults, registries: RegistryPolicy) {
        self.defaults = defaults
        self.registries = registries
    }

    /// The request as it will be stored, or a `validation_error` naming `image`.
    public func admit(_ request: CreateContainerRequest) throws -> CreateContainerRequest {
        try registries.check(request.spec.image)
        return request.applying(defaults)
    }
}
