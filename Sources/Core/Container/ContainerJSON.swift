/// The JSON the API writes for a container, straight into the response: the stored spec's
/// members as they are, `cpu_millis` and `mem_bytes` as `cpu_limit` and `mem_limit_bytes`, the
/// ports with where they are published, the members a stored document lacks with the defaults
/// `ContainerSpec.members` gives them, then the record's state. A new spec member needs no
/// change here unless its stored value is shown differently. It works on the stored bytes:
/// nothing of a listed row is decoded into strings.
public enum ContainerJSON {
    private static let cpuMillis = Array("cpu_millis".utf8)
    private static let memBytes = Array("mem_bytes".utf8)
    private static let ports = Array("ports".utf8)
    private static let containerPort = Array("container_port".utf8)
    private static let proto = Array("protocol".utf8)

    /// Spec members a document may lack, with the key and value the API shows then.
    private static let absentSpecMembers: [(stored: [UInt8], key: [UInt8], json: [UInt8])] =
        ContainerSpec.members.flatMap(\.stored).compactMap { member in
            member.absent.map { (Array(member.key.utf8), Array(member.apiKey.utf8), Array($0.utf8)) }
        }

    public static func write(_ record: ContainerRecord, into out: inout JSONOutput) throws {
        let spec = record.spec
        var seen = [Bool](repeating: false, count: absentSpecMembers.count)
        out.raw("{")
        for member in try JSONSpans.members(spec) {
            let key = spec[member.key]
            let value = spec[member.value]
            if let absent = absentSpecMembers.firstIndex(where: { $0.stored.elementsEqual(key) }) { seen[absent] = true }
            if key.elementsEqual(cpuMillis) {
                out.key("cpu_limit")
                try out.number(Int64(String(decoding: value, as: UTF8.self)).map { Double($0) / 1000 })
            } else if key.elementsEqual(memBytes) {
                out.key("mem_limit_bytes")
                out.raw(value)
            } else if key.elementsEqual(ports) {
                out.key("ports")
                try writePorts(spec, member.value, bindings: record.bindings, into: &out)
            } else {
                out.key(key)
                out.raw(value)
            }
            out.comma()
        }
        for (index, absent) in absentSpecMembers.enumerated() where !seen[index] {
            out.key(absent.key[...])
            out.raw(absent.json[...])
            out.comma()
        }
        writeState(record, into: &out)
        out.raw("}")
    }

    /// Each stored `{"container_port","protocol"}` with its `host_ip` and `host_port` (null until published).
    private static func writePorts(_ spec: [UInt8], _ array: Range<Int>, bindings: [String: PortBinding], into out: inout JSONOutput) throws {
        out.raw("[")
        for (index, element) in try JSONSpans.elements(spec, in: array).enumerated() {
            var number: ArraySlice<UInt8> = []
            var name: ArraySlice<UInt8> = []
            for member in try JSONSpans.members(spec, in: element) {
                if spec[member.key].elementsEqual(containerPort) { number = spec[member.value] }
                if spec[member.key].elementsEqual(proto) { name = spec[member.value] }
            }
            guard !number.isEmpty, name.count >= 2 else { throw JSONDocument.SyntaxError.malformed(offset: element.lowerBound) }
            // Only a published container has bindings: a pending one never builds the lookup key.
            let binding = bindings.isEmpty ? nil
                : bindings[String(decoding: number, as: UTF8.self) + "/" + String(decoding: name.dropFirst().dropLast(), as: UTF8.self)]
            if index > 0 { out.comma() }
            out.raw("{")
            out.key("container_port"); out.raw(number); out.comma()
            out.key("host_ip"); out.string(binding?.hostIP); out.comma()
            out.key("host_port"); out.number(binding?.hostPort); out.comma()
            out.key("protocol"); out.raw(name)
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
        out.key("created_at"); out.timestamp(record.createdAt); out.comma()
        out.key("updated_at"); out.timestamp(record.updatedAt); out.comma()
        out.key("observed_at"); out.timestamp(record.observedAt)
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
