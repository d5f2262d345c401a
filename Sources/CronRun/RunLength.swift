import ArgumentParser

/// How long a cron-run binary (`dro-reconcile`, `dro-webhooks`) works: `--once`, or `--for
/// SECONDS` — cron starts a run every minute with `--for 65`, so runs overlap and hand over.
public struct RunLength: ParsableArguments {
    @Flag(help: "Do what is due now, then exit.")
    public var once = false

    @Option(name: .customLong("for"), help: "Keep working for this many seconds (cron: 65, every minute), then finish what this run holds.")
    public var seconds: Double?

    public init() {}

    public func validate() throws {
        guard once != (seconds != nil) else { throw ValidationError("give exactly one of --once and --for SECONDS") }
        if let seconds, !(seconds > 0) { throw ValidationError("--for takes a positive number of seconds") }
    }
}
