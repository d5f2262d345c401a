import COpenSSL

/// Cryptographically secure random bytes from libcrypto's CSPRNG.
public enum SecureRandom {
    /// Throws when the generator fails: ids and tokens must never come from a failed one.
    public static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard ok == 1 else { throw CryptoError("RAND_bytes failed") }
        return out
    }

    /// A prefixed random identifier: `ctr_` + 24 hex digits (96 bits).
    public static func identifier(prefix: String, bytes count: Int = 12) throws(CryptoError) -> String {
        prefix + "_" + Hex.encode(try bytes(count))
    }
}
