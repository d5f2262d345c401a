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

    /// Async-signal-safe: atomic loads and `shutdown(2)`.
    static func shutdownIdle() {
        guard let slots else { return }
        for index in 0..<capacity {
            let descriptor = slots[index].load(ordering: .sequentiallyConsistent)
            if descriptor >= 0 { _ = Glibc.shutdown(descriptor, Int32(SHUT_RD)) }
        }
    }
}
