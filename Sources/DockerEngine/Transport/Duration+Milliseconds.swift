extension Duration {
    /// Whole milliseconds, rounded up so a short positive timeout never becomes "no timeout" (0).
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(millis, 1))
    }
}
