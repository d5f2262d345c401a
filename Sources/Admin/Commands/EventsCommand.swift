import ArgumentParser
import Config
import Core
import Store

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print a page of the events feed as JSON (`{\"events\": […], \"next_cursor\": …}`), as GET /v1/admin/events does.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only this tenant's events (name or id).") var tenant: String?
    @Option(help: "Only this container's events.") var container: String?
    @Option(help: "Only events of this type, e.g. tenant.suspended.") var type: String?
    @Option(help: "Where the previous page ended (its next_cursor).") var cursor: String?
    @Option(help: "Events per page (1-200).") var limit = Limits.listDefaultLimit

    func validate() throws {
        guard (1...Limits.listMaxLimit).contains(limit) else { throw ValidationError("--limit must be 1 to \(Limits.listMaxLimit)") }
    }

    func run() throws {
        let database = try openDatabase(options)
        let config = try DROConfig.load(path: options.config)
        let eventType = try type.map { name in
            guard let known = EventType(rawValue: name) else { throw ValidationError("no event type '\(name)'") }
            return known
        }
        let filter = EventFilter(tenantID: try tenant.map { try TenantStore(database).resolve($0).id }, containerID: container, type: eventType)
        let feed = EventFeed(database, settleSeconds: config.api.eventsSettleSeconds, retentionDays: config.retention.eventsDays)
        let page = try feed.page(filter, after: try cursor.map { try EventCursor(encoded: $0) }, limit: limit)
        var out = JSONOutput(capacity: 4096)
        EventJSON.writeList(page.events, nextCursor: page.nextCursor, into: &out)
        print(out.text)
    }
}
