import COpenSSL

/// AES-256-GCM through libcrypto's EVP interface: a sealed box is the ciphertext followed by its
/// 16-byte tag, under a fresh 12-byte nonce. `associated` binds a box to its context (a row's
/// id), so a ciphertext copied to another row does not open there.
public enum AESGCM {
    public static let keyLength = 32
    public static let nonceLength = 12
    static let tagLength = 16

    public static func seal(_ plaintext: [UInt8], key: [UInt8], associated: [UInt8]) throws(CryptoError) -> (box: [UInt8], nonce: [UInt8]) {
        let nonce = try SecureRandom.bytes(nonceLength)
        let box = try run(encrypt: true, plaintext, key: key, nonce: nonce, associated: associated, tag: nil)
        return (box, nonce)
    }

    /// The plaintext; throws when the key, nonce, context or box do not match (the tag fails).
    public static func open(_ box: [UInt8], key: [UInt8], nonce: [UInt8], associated: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard box.count >= tagLength, nonce.count == nonceLength else { throw CryptoError("AES-GCM: malformed sealed box") }
        return try run(encrypt: false, Array(box.dropLast(tagLength)), key: key, nonce: nonce, associated: associated,
                       tag: Array(box.suffix(tagLength)))
    }

    private static func run(
        encrypt: Bool, _ input: [UInt8], key: [UInt8], nonce: [UInt8], associated: [UInt8], tag: [UInt8]?
    ) throws(CryptoError) -> [UInt8] {
        guard key.count == keyLength else { throw CryptoError("AES-GCM: the key must be \(keyLength) bytes") }
        guard let context = EVP_CIPHER_CTX_new() else { throw CryptoError("EVP_CIPHER_CTX_new failed") }
        defer { EVP_CIPHER_CTX_free(context) }
        func check(_ result: Int32, _ step: String) throws(CryptoError) {
            guard result == 1 else { throw CryptoError("AES-GCM \(encrypt ? "seal" : "open"): \(step) failed") }
        }
        let initialise = encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex
        let update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate
        let finish = encrypt ? EVP_EncryptFinal_ex : EVP_DecryptFinal_ex
        try check(initialise(context, EVP_aes_256_gcm(), nil, nil, nil), "init")
        try check(dro_evp_gcm_set_ivlen(context, Int32(nonceLength)), "nonce length")
        try check(key.withUnsafeBufferPointer { k in nonce.withUnsafeBufferPointer { n in initialise(context, nil, nil, k.baseAddress, n.baseAddress) } }, "key")
        var length: Int32 = 0
        if !associated.isEmpty {
            try check(associated.withUnsafeBufferPointer { update(context, nil, &length, $0.baseAddress, Int32($0.count)) }, "associated data")
        }
        var output = [UInt8](repeating: 0, count: input.count + tagLength)
        var written: Int32 = 0
        try check(output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { update(context, out.baseAddress, &written, $0.baseAddress, Int32($0.count)) }
        }, "update")
        if var tag {
            try check(tag.withUnsafeMutableBufferPointer { dro_evp_gcm_set_tag(context, $0.baseAddress, Int32(tagLength)) }, "tag")
        }
        var finalLength: Int32 = 0
        try check(output.withUnsafeMutableBufferPointer { finish(context, $0.baseAddress.map { $0 + Int(written) }, &finalLength) },
                  encrypt ? "final" : "authentication")
        let produced = Int(written + finalLength)
        guard encrypt else { return Array(output.prefix(produced)) }
        var computed = [UInt8](repeating: 0, count: tagLength)
        try check(computed.withUnsafeMutableBufferPointer { dro_evp_gcm_get_tag(context, $0.baseAddress, Int32(tagLength)) }, "tag")
        return Array(output.prefix(produced)) + computed
    }
}
