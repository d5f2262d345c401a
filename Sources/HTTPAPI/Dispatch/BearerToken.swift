/// The shape of a token: `dro_<24 lowercase hex>_<43 base64url>` (tenant) or `droa_…` (operator).
/// nginx's `map` in `nginx/dro-api.conf` spells the same pattern; keep the two equal.
enum BearerToken {
    static func isWellFormed(_ bytes: ArraySlice<UInt8>) -> Bool {
        let token = Array(bytes)
        let prefix: Int
        if token.starts(with: Array("droa_".utf8)) { prefix = 5 } else if token.starts(with: Array("dro_".utf8)) { prefix = 4 } else { return false }
        guard token.count == prefix + 24 + 1 + 43, token[prefix + 24] == UInt8(ascii: "_") else { return false }
        let hex = token[prefix..<(prefix + 24)]
        let secret = token[(prefix + 25)...]
        return hex.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
            && secret.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || $0 == 0x2d || $0 == 0x5f }
    }
}
