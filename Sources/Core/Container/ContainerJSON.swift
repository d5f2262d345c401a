/// The JSON the API writes for a container, straight into the response: the stored spec's
/// members as they are (a new spec field shows without a change here), `cpu_millis` and
/// `mem_bytes` as `cpu_limit` and `mem_limit_bytes`, the ports with where they are published,
/// the spec fields a stored document lacks with their defaults, then the record's state.
public enum ContainerJSON {
    /// Spec members a document may lack (null, or their default), with what the API shows then.
    private static let absentSpecMembers: [(key: StaticString, stored: String, json: StaticString)] = [
        ("command", "command", "null"), ("cpu_limit", "cpu_millis", "null"), ("mem_limit", "mem_limit", "null"),
        ("mem_limit_bytes", "mem_bytes", "null"), ("restart", "restart", "\"on-failure\""), ("labels", "labels", "{}"),
    ]

    public static func write(_ record: ContainerRecord, into out: inout JSONOutput) throws {
        let spec = record.spec
        let members = try JSONSpans.members(spec)
        var seen = Set<String>()
        out.raw("{")
        for member in members {
            let key = String(decoding: spec[member.key], as: UTF8.self)
            seen.insert(key)
            let value = spec[member.value]
            switch key {
            case "cpu_millis":
                out.key("cpu_limit")
                try out.number(Int64(String(decoding: value, as: UTF8.self)).map { Double($0) / 1000 })
            case "mem_bytes":
                out.key("mem_limit_bytes")
                out.raw(value)
            case "ports":
                out.key("ports")
                try writePorts(Array(value), bindings: record.bindings, into: &out)
            default:
                out.key(spec[member.key])
                out.raw(value)
            }
            out.comma()
        }
        for absent in absentSpecMembers where !seen.contains(absent.stored) {
            out.key(absent.key)
            out.raw(absent.json)
            out.comma()
        }
        writeState(record, into: &out)
        out.raw("}")
    }

    private static func writePorts(_ stored: [UInt8], bindings: [String: PortBinding], into out: inout JSONOutput) throws {
        out.raw("[")
        for (index, port) in try JSONDocument.parse(stored).arrayValue().enumerated() {
            guard let number = port.member("container_port"), let proto = port.member("protocol") else {
                throw JSONDocument.SyntaxError.malformed(offset: 0)
            }
            let containerPort: Int = try number.integer()
            let name = try proto.stringValue()
            let binding = bindings["\(containerPort)/\(name)"]
            if index > 0 { out.comma() }
            out.raw("{")
            out.key("container_port"); out.number(containerPort); out.comma()
            out.key("host_ip"); out.string(binding?.hostIP); out.comma()
            out.key("host_port"); out.number(binding?.hostPort); out.comma()
            out.key("protocol"); out.string(name)
            out.raw("}")
        }
        out.raw("]")
    }

    private static func writeState(_ record: ContainerRecord, into out: inout JSONOutput) {
        out.key("id"); out.string(record.id); out.comma()
        out.key("name"); out.string(record.name); out.comma()
        out.key("host_key"); out.string(record.hostKey); out.comma()
        out.key("region"); out.string(record.region); out.comma()
        out.key("desired_state"); out.string(record.desiredState.rawValue); out.comma()
        out.key("observed_state"); out.string(record.observedState.rawValue); out.comma()
        out.key("exit_code"); out.number(record.exitCode); out.comma()
        out.key("last_error"); out.string(record.lastError); out.comma()
        out.key("last_error_code"); out.string(record.lastErrorCode?.rawValue); out.comma()
        out.key("created_at"); out.string(record.createdAt); out.comma()
        out.key("updated_at"); out.string(record.updatedAt); out.comma()
        out.key("observed_at"); out.string(record.observedAt)
    }

    /// `{"containers": […], "next_cursor": …}`, stopping before the row that would take the body
    /// past `maxBytes` (a page always holds its first row); answers how many rows it wrote.
    public static func writeList(
        _ records: [ContainerRecord], maxBytes: Int, nextCursor: (_ written: Int) -> String?, into out: inout JSONOutput
    ) throws -> Int {
        out.raw("{")
        out.key("containers")
        out.raw("[")
        var written = 0
        for record in records {
            let before = out.count
            if written > 0 { out.comma() }
            try write(record, into: &out)
            // Room for the closing bytes and a cursor.
            if written > 0, out.count + 128 > maxBytes {
                out.truncate(to: before)
                break
            }
            written += 1
        }
        out.raw("]")
        out.comma()
        out.key("next_cursor")
        out.string(nextCursor(written))
        out.raw("}")
        return written
    }
}
