#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Connections the web server keeps open between requests (`fastcgi_keep_conn on`) while a
/// thread waits on them for the next request. A kept connection pins its thread, so on shutdown
/// the idle ones are closed for reading: their threads wake, find the listener shut, and end,
/// instead of waiting for the web server to drop them.
enum KeptConnections {
    /// One slot per responder thread; more threads than this simply are not tracked.
    static let capacity = 1024
    // Allocated once before any signal handler can run; atomics are safe to use in a handler.
    nonisolated(unsafe) private static var slots: UnsafeMutablePointer<Atomic<Int32>>?
    private static let nextSlot = Atomic<Int>(0)

    static func prepare() {
        guard slots == nil else { return }
        let storage = UnsafeMutablePointer<Atomic<Int32>>.allocate(capacity: capacity)
        for index in 0..<capacity { (storage + index).initialize(to: Atomic(-1)) }
        slots = storage
    }

    /// A slot for one thread's request; nil when all are taken.
    static func claimSlot() -> Int? {
        let slot = nextSlot.add(1, ordering: .relaxed).oldValue
        return slot < capacity ? slot : nil
    }

    static func waiting(slot: Int?, on descriptor: Int32) {
        guard let slot, let slots else { return }
        slots[slot].store(descriptor, ordering: .sequentiallyConsistent)
    }

    static func busy(slot: Int?) {
        guard let slot, let slots else { return }
        slots[slot].store(-1, ordering: .sequentiallyConsistent)
    }

    /// Set once the process is stopping: a thread that finishes a request then closes its kept
    /// connection instead of waiting on it.
    private static let stopping = Atomic<Bool>(false)

    static var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    /// Async-signal-safe: atomic loads and stores and `shutdown(2)`. A thread publishes the
    /// descriptor it is about to wait on before it reads `isStopping`, and this sets the flag
    /// before it reads the slots: either it sees the descriptor or the thread sees the flag.
    static func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        guard let slots else { return }
        for index in 0..<capacity {
            let descriptor = slots[index].load(ordering: .sequentiallyConsistent)
            if descriptor >= 0 { _ = Glibc.shutdown(descriptor, Int32(SHUT_RD)) }
        }
    }
}
