import COpenSSL

/// Cryptographically secure random bytes from libcrypto's CSPRNG.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        // Ids and tokens must never come from a failed generator.
        precondition(ok == 1, "RAND_bytes failed")
        return out
    }

    /// A prefixed random identifier: `ctr_` + 24 hex digits (96 bits).
    public static func identifier(prefix: String, bytes count: Int = 12) -> String {
        prefix + "_" + Hex.encode(bytes(count))
    }
}
