/// A Docker memory value (`512m`, `2g`, `1048576`, `1.5g`; case-insensitive, optional `b`),
/// at least Docker's 6 MiB minimum. Units are binary, as Docker's own parser has them.
public struct MemoryLimit: Sendable, Hashable {
    /// The value as the tenant wrote it, echoed back in responses.
    public let given: String
    public let bytes: Int64

    public init(_ given: String) throws {
        let invalid = APIError.validation("mem_limit", "mem_limit must be a memory size such as \"512m\", \"2g\" or \"1.5g\"")
        let text = given.lowercased()
        var digits = Substring(text)
        if digits.hasSuffix("b") { digits = digits.dropLast() }
        var multiplier: Int64 = 1
        if let unit = digits.last, let power = "kmgtp".firstIndex(of: unit) {
            multiplier = Int64(1) << (10 * ("kmgtp".distance(from: "kmgtp".startIndex, to: power) + 1))
            digits = digits.dropLast()
        }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw invalid }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || (!fraction.isEmpty && fraction.allSatisfy({ $0.isASCII && $0.isNumber })) else { throw invalid }
        let tooLarge = APIError.validation("mem_limit", "mem_limit is too large")
        guard whole.count <= 19, let wholeValue = Int64(whole) else { throw tooLarge }
        let (product, overflow) = wholeValue.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw tooLarge }
        // The fractional part, truncated to whole bytes; 18 digits keep the arithmetic in range.
        var fractionBytes: Int64 = 0
        if !fraction.isEmpty, multiplier > 1 {
            let kept = fraction.prefix(18)
            guard let digits = Int64(kept) else { throw invalid }  // checked to be digits above
            let numerator = Double(digits) / pow10(kept.count)
            fractionBytes = Int64((numerator * Double(multiplier)).rounded(.down))
        }
        let (total, overflowSum) = product.addingReportingOverflow(fractionBytes)
        guard !overflowSum else { throw tooLarge }
        guard total >= Limits.memoryMinBytes else {
            throw APIError.validation("mem_limit", "mem_limit must be at least 6m (Docker's minimum)")
        }
        self.given = given
        self.bytes = total
    }

    public init(json: JSONValue) throws {
        switch json {
        case .string(let text): try self.init(text)
        case .number(let number) where number.isFinite && number >= 0 && number == number.rounded() && number < 9.2e18:
            try self.init(String(Int64(number)))
        default:
            throw APIError.validation("mem_limit", "mem_limit must be a memory size such as \"512m\" or a number of bytes")
        }
    }
}

private func pow10(_ n: Int) -> Double {
    var value = 1.0
    for _ in 0..<n { value *= 10 }
    return value
}
