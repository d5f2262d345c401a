/// Where a tenant is in its life: `deleting` while its containers are being removed, then
/// `deleted` (kept until purged). A deleting or deleted tenant is not live: its name and
/// `external_ref` are free only once it is deleted, and every mutation but DELETE is refused.
public enum TenantStatus: String, Sendable, CaseIterable {
    case active, suspended, deleting, deleted

    public var isLive: Bool { self == .active || self == .suspended }

    /// The refusal of any mutation of a tenant that is being or has been terminated.
    public static let deletedConflict = APIError.conflict("tenant_deleted", "the tenant is being deleted or was deleted")

    public init(json: JSONValue, field: String) throws {
        guard case .string(let text) = json, let status = TenantStatus(rawValue: text) else {
            throw APIError.validation(field, "\(field) must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = status
    }
}
