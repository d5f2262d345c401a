import COpenSSL

/// SHA-256 through libcrypto's one-shot EVP interface.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func digest<Bytes: Collection>(_ bytes: Bytes) throws(CryptoError) -> [UInt8] where Bytes.Element == UInt8 {
        var out = [UInt8](repeating: 0, count: 32)
        var outLength: UInt32 = 0
        let ok = Array(bytes).withUnsafeBytes { input in
            out.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &outLength, EVP_sha256(), nil)
            }
        }
        // EVP_Digest fails only on allocation failure; a wrong hash would be worse than none.
        guard ok == 1, outLength == 32 else { throw CryptoError("EVP_Digest(sha256) failed") }
        return out
    }

    public static func digest(_ string: String) throws(CryptoError) -> [UInt8] {
        try digest(Array(string.utf8))
    }

    /// Lower-case hex of the digest.
    public static func hex(_ string: String) throws(CryptoError) -> String {
        Hex.encode(try digest(string))
    }
}

/// Constant-time comparison, for secrets.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { pa in
        b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 }
    }
}

/// libcrypto failed (out of memory, no entropy): the operation cannot go on, and a request
/// answers 500 instead of the process trapping.
public struct CryptoError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
