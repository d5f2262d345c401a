/// The contracts and limits of the API, in one place.
public enum Limits {
    public static let nameMaxLength = 63
    public static let imageMaxLength = 255
    public static let envMaxKeys = 200
    public static let envKeyMaxLength = 128
    public static let envValueMaxBytes = 32 * 1024
    public static let portsMaxCount = 50
    public static let cpuMinMillis: Int64 = 10  // 0.01 vCPU, Docker's minimum
    public static let cpuMaxMillis: Int64 = 256_000
    public static let memoryMinBytes: Int64 = 6 * 1024 * 1024  // Docker's minimum
    public static let commandMaxItems = 64
    public static let commandItemMaxBytes = 4 * 1024
    public static let bodyMaxBytes = 1024 * 1024
    public static let bodyMaxDepth = 32
    public static let listDefaultLimit = 50
    public static let listMaxLimit = 200
    public static let logsDefaultTail = 100
    public static let logsMaxTail = 5000
    public static let idempotencyKeyMaxLength = 255
    public static let labelsMaxCount = 32
    public static let labelKeyMaxLength = 63
    public static let labelValueMaxLength = 256
    /// A list page stops before the row that would take its body past this (it always holds one).
    public static let listMaxBodyBytes = 4 * 1024 * 1024
    /// The largest cap an allocation takes in any dimension (2^53: exact as a JSON number).
    public static let capMax: Int64 = 1 << 53
}
