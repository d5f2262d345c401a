/// What `dro_build_info` says of the running binary.
public enum BuildInfo {
    /// Raised with each release.
    public static let version = "0.13.0"
}
