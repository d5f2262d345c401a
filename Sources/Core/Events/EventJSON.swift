/// The JSON the API writes for events: `{"actor", "at", "container_id", "detail", "id",
/// "request_id", "tenant_id", "type"}` (keys sorted, as every response writes them), and the
/// list `{"events": […], "next_cursor": "…"}`.
public enum EventJSON {
    public static func write(_ event: EventRecord, into out: inout JSONOutput) {
        out.raw("{")
        out.key("actor"); out.string(event.actor); out.comma()
        out.key("at"); out.timestamp(event.at); out.comma()
        out.key("container_id"); out.string(event.containerID); out.comma()
        out.key("detail"); writeDetail(event.detail, into: &out); out.comma()
        out.key("id"); out.string(event.id); out.comma()
        out.key("request_id"); out.string(event.requestID); out.comma()
        out.key("tenant_id"); out.string(event.tenantID); out.comma()
        out.key("type"); out.string(EventType.stored(event.storedType))
        out.raw("}")
    }

    /// A stored detail is shown as the object it is; a stored text that is not a JSON object (an
    /// older release's) as `{"text": …}`; no detail as `{}`.
    public static func writeDetail(_ stored: [UInt8]?, into out: inout JSONOutput) {
        guard let stored else { return out.raw("{}") }
        if case .object? = try? JSONDocument.parse(stored) {
            out.raw(stored[...])
        } else {
            out.raw("{")
            out.key("text")
            out.string(String(decoding: stored, as: UTF8.self))
            out.raw("}")
        }
    }

    public static func writeList(_ events: [EventRecord], nextCursor: EventCursor, into out: inout JSONOutput) {
        out.raw("{")
        out.key("events")
        out.raw("[")
        for (index, event) in events.enumerated() {
            if index > 0 { out.comma() }
            write(event, into: &out)
        }
        out.raw("]")
        out.comma()
        out.key("next_cursor")
        out.string(nextCursor.encoded)
        out.raw("}")
    }
}
