import FastCGI
#if canImport(Glibc)
import Glibc
#endif

/// The listening descriptor the signal handler shuts down; set once before signals are installed.
nonisolated(unsafe) private var listeningDescriptor: Int32 = -1

/// SIGTERM and SIGINT stop accepting (the in-flight requests finish); SIGPIPE is ignored so a
/// web server that hangs up mid-response cannot kill the process.
enum ShutdownSignals {
    static func install(listener: FastCGIListener) {
        listeningDescriptor = listener.descriptor
        signal(SIGPIPE, SIG_IGN)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in FastCGIListener.shutdown(descriptor: listeningDescriptor) }
        sigemptyset(&action.sa_mask)
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGINT, &action, nil)
    }
}
