import Foundation

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` — the same scalars dropped from both ends — without
    /// bridging through NSString, which cost a few percent of every authenticated request.
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        // Only space and tab are ASCII members of `.whitespaces`.
        func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? scalar == " " || scalar == "\t" : CharacterSet.whitespaces.contains(scalar)
        }
        while let first = scalars.first, isWhitespace(first) { scalars.removeFirst() }
        while let last = scalars.last, isWhitespace(last) { scalars.removeLast() }
        return String(scalars)
    }
}
