/// An OCI image reference, `[registry[:port]/]repo[:tag][@digest]`, following the grammar of
/// the distribution project's `reference` package.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    /// The registry host (with port) the reference names, or `docker.io` when it names none.
    public let registry: String
    public var description: String { value }

    public init(_ value: String) throws {
        let invalid = APIError.validation("image", "image must be an OCI reference such as 'nginx:1.25' or 'registry.example:5000/team/app@sha256:…'")
        guard !value.isEmpty, value.utf8.count <= Limits.imageMaxLength else {
            throw APIError.validation("image", "image must be 1 to \(Limits.imageMaxLength) characters")
        }
        var rest = Substring(value)
        if let at = rest.firstIndex(of: "@") {
            guard Self.isDigest(rest[rest.index(after: at)...]) else { throw invalid }
            rest = rest[..<at]
        }
        // A tag follows the last ':' that comes after the last '/' (an earlier ':' is a registry port).
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            guard Self.isTag(rest[rest.index(after: colon)...]) else { throw invalid }
            rest = rest[..<colon]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false)
        var registry = "docker.io"
        if components.count > 1, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" {
            guard Self.isDomain(first) else { throw invalid }
            registry = String(first)
            components.removeFirst()
        }
        guard !components.isEmpty, components.allSatisfy(Self.isPathComponent) else { throw invalid }
        self.value = value
        self.registry = registry
    }

    private static func isLowerAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }
    private static func isAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
    static func isPathComponent(_ s: Substring) -> Bool {
        var index = s.startIndex
        var previousWasAlnum = false
        while index < s.endIndex {
            let c = s[index]
            if isLowerAlnum(c) {
                previousWasAlnum = true
                index = s.index(after: index)
                continue
            }
            guard previousWasAlnum else { return false }
            var separator = ""
            while index < s.endIndex, !isLowerAlnum(s[index]) {
                separator.append(s[index])
                index = s.index(after: index)
            }
            guard separator == "." || separator == "_" || separator == "__" || separator.allSatisfy({ $0 == "-" }) else { return false }
            previousWasAlnum = false
        }
        return previousWasAlnum
    }

    /// `domain-component ('.' domain-component)* (':' port)?`
    static func isDomain(_ s: Substring) -> Bool {
        var host = s
        if let colon = s.lastIndex(of: ":") {
            let port = s[s.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            host = s[..<colon]
        }
        return !host.isEmpty && host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.allSatisfy({ isAlnum($0) || $0 == "-" }) && part.first != "-" && part.last != "-"
        }
    }

    /// `[\w][\w.-]{0,127}`
    static func isTag(_ s: Substring) -> Bool {
        guard let first = s.first, s.count <= 128, isAlnum(first) || first == "_" else { return false }
        return s.allSatisfy { isAlnum($0) || $0 == "_" || $0 == "." || $0 == "-" }
    }

    /// `algorithm:hex{32,}`
    static func isDigest(_ s: Substring) -> Bool {
        guard let colon = s.firstIndex(of: ":") else { return false }
        let algorithm = s[..<colon]
        let hex = s[s.index(after: colon)...]
        guard let first = algorithm.first, first.isASCII, first.isLetter,
              algorithm.allSatisfy({ isAlnum($0) || "-_+.".contains($0) }) else { return false }
        return hex.count >= 32 && hex.allSatisfy { $0.isHexDigit && $0.isASCII }
    }
}
