extension ContainerSpec {
    /// The spec fields of a request body, validated; `field` answers a member (nil when absent or
    /// JSON null, which mean the same). A refusal names the field (`env.KEY`, `labels.KEY`, …).
    public init(request field: (String) -> JSONValue?, image: ImageReference) throws {
        self.init(
            image: image,
            env: try field("env").map(EnvironmentVariables.init(json:)) ?? EnvironmentVariables([:]),
            ports: try field("ports").map(PortList.init(json:)) ?? PortList([]),
            cpu: try field("cpu_limit").map(CPULimit.init(json:)),
            memory: try field("mem_limit").map(MemoryLimit.init(json:)),
            command: try field("command").map(Command.init(json:)),
            restart: try field("restart").map(RestartPolicy.init(json:)) ?? .onFailure,
            labels: try field("labels").map(ContainerLabels.init(json:)) ?? .none)
    }
}
