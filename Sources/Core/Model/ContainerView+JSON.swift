/// The bodies of the container routes, byte for byte what JSONEncoder (sorted keys, unescaped
/// slashes) writes for `ContainerView` and the list page, without Codable's generic machinery.
extension JSONOutput {
    /// Keys in UTF-8 order, absent values as explicit nulls, as `ContainerView.encode(to:)` has them.
    public mutating func container(_ view: ContainerView) throws {
        raw("{")
        key("command"); strings(view.command); comma()
        key("cpu_limit"); try number(view.cpuLimit); comma()
        key("created_at"); string(view.createdAt); comma()
        key("desired_state"); string(view.desiredState.rawValue); comma()
        key("env"); object(view.env); comma()
        key("exit_code"); number(view.exitCode); comma()
        key("host_key"); string(view.hostKey); comma()
        key("id"); string(view.id); comma()
        key("image"); string(view.image); comma()
        key("last_error"); string(view.lastError); comma()
        key("last_error_code"); string(view.lastErrorCode?.rawValue); comma()
        key("mem_limit"); string(view.memLimit); comma()
        key("mem_limit_bytes"); number(view.memLimitBytes); comma()
        key("name"); string(view.name); comma()
        key("observed_at"); string(view.observedAt); comma()
        key("observed_state"); string(view.observedState.rawValue); comma()
        key("ports"); raw("[")
        for (index, port) in view.ports.enumerated() {
            if index > 0 { comma() }
            raw("{")
            key("container_port"); number(port.containerPort); comma()
            key("host_ip"); string(port.hostIP); comma()
            key("host_port"); number(port.hostPort); comma()
            key("protocol"); string(port.proto.rawValue)
            raw("}")
        }
        raw("]"); comma()
        key("region"); string(view.region); comma()
        key("updated_at"); string(view.updatedAt)
        raw("}")
    }

    /// `{"containers": […], "next_cursor": …}`
    public mutating func containerList(_ views: [ContainerView], nextCursor: String?) throws {
        raw("{")
        key("containers"); raw("[")
        for (index, view) in views.enumerated() {
            if index > 0 { comma() }
            try container(view)
        }
        raw("]"); comma()
        key("next_cursor"); string(nextCursor)
        raw("}")
    }
}
