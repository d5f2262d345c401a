import COpenSSL

/// HMAC-SHA256 through libcrypto's one-shot `HMAC`.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key`.
    public static func code(key: [UInt8], message: [UInt8]) throws(CryptoError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var outLength: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                out.withUnsafeMutableBufferPointer { output in
                    HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                         messageBytes.count, output.baseAddress, &outLength)
                }
            }
        }
        guard result != nil, outLength == 32 else { throw CryptoError("HMAC(sha256) failed") }
        return out
    }
}
