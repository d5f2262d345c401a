/// One versioned schema change. Its statements are idempotent (`IF NOT EXISTS`, grants), so a
/// migration interrupted half-way can simply run again.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    let statements: [String]
}

/// Every migration, in order. Add new ones at the end; never edit a released one.
public enum Migrations {
    public static let all: [Migration] = [initialSchema, reconcilerColumns]

    public static var latestVersion: Int { all.last!.version }
}

/// The schema versions a binary works with; it refuses to run outside them, so nodes can be
/// upgraded one at a time while migrations stay additive.
public struct SchemaCompatibility: Sendable {
    public let supported: ClosedRange<Int>
    public init(_ supported: ClosedRange<Int>) { self.supported = supported }
}
