import Store
import Foundation

/// `parallelism` OS threads, each with its own session, converging the work the run's main
/// thread hands them. Blocking C calls (libcurl, libmariadb) never touch Swift's cooperative
/// pool. The main thread sees what is in flight per tenant, to keep claims fair.
final class WorkerPool: @unchecked Sendable {
    // Sendable: every mutable field is read and written under `condition`.
    private let condition = NSCondition()
    private var queued: [Work] = []
    private var inFlight: [String: Work] = [:]
    private var closing = false
    private var ending: RunEnding?
    private var running = 0
    private let settings: RunSettings

    init(settings: RunSettings) {
        self.settings = settings
        let size = settings.policy.parallelism
        running = size
        for index in 0..<size {
            let thread = Thread { [self] in serve(index) }
            thread.name = "dro-reconcile-\(index)"
            thread.start()
        }
    }

    /// Hands over leased work; its lease is this run's until the work is recorded.
    func submit(_ work: Work) {
        condition.withLock {
            queued.append(work)
            inFlight[work.containerID] = work
            condition.broadcast()
        }
    }

    /// What is queued or running, by container.
    var busy: [String: Work] { condition.withLock { inFlight } }

    /// The error that ends the run, once a worker met one.
    var runEnding: RunEnding? { condition.withLock { ending } }

    /// Waits until a piece of work finishes or `seconds` pass.
    func waitForProgress(seconds: Double) {
        condition.withLock { _ = condition.wait(until: Date().addingTimeInterval(seconds)) }
    }

    /// Lets the queued work finish, then stops the threads.
    func close() {
        condition.withLock {
            closing = true
            condition.broadcast()
            while running > 0 { condition.wait() }
        }
    }

    private func serve(_ index: Int) {
        StoreLibrary.threadStarted()
        defer {
            StoreLibrary.threadEnded()
            condition.withLock {
                running -= 1
                condition.broadcast()
            }
        }
        let reconciler: ContainerReconciler
        do {
            reconciler = try ContainerReconciler(session: Session(settings))
        } catch {
            fail(RunEnding("worker \(index) cannot start: \(error)"))
            return
        }
        while let work = next() {
            do {
                _ = try reconciler.reconcile(work)
            } catch {
                fail(error)
            }
            condition.withLock {
                inFlight[work.containerID] = nil
                condition.broadcast()
            }
        }
    }

    /// The next work, or nil once the pool closes with nothing queued or the run is ending.
    private func next() -> Work? {
        condition.withLock {
            while queued.isEmpty && !closing && ending == nil { condition.wait() }
            guard ending == nil, !queued.isEmpty else { return nil }
            return queued.removeFirst()
        }
    }

    private func fail(_ error: RunEnding) {
        condition.withLock {
            if ending == nil { ending = error }
            condition.broadcast()
        }
    }
}
