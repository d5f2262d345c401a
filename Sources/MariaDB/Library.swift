import CMariaDB

/// Process- and thread-level initialisation libmariadb asks for.
public enum MariaDBLibrary {
    /// Call once, before any thread opens a connection.
    public static func initialize() {
        // Startup only, before any thread serves: without the client library there is nothing
        // to serve with.
        precondition(mysql_server_init(0, nil, nil) == 0, "mysql_library_init failed")
    }

    /// Call at the start of every thread that will use a connection.
    public static func threadStarted() { _ = mysql_thread_init() }

    /// Call when such a thread ends.
    public static func threadEnded() { mysql_thread_end() }
}
