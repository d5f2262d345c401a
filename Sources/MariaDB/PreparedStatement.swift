import CMariaDB

/// A server-side prepared statement, cached per connection. Parameters and results go through
/// the binary protocol; every result column is bound as a string, which the client library
/// converts numbers and dates into.
final class PreparedStatement {
    private let stmt: UnsafeMutablePointer<MYSQL_STMT>
    private let parameterCount: Int
    private let columns: ColumnIndex?
    /// Kept between executions: a hot statement binds its results without allocating.
    private var results: ResultBuffers?

    init(connection: UnsafeMutablePointer<MYSQL>, sql: String) throws {
        guard let stmt = mysql_stmt_init(connection) else { throw Connection.error(of: connection) }
        self.stmt = stmt
        guard mysql_stmt_prepare(stmt, sql, UInt(sql.utf8.count)) == 0 else {
            let error = Self.error(of: stmt)
            mysql_stmt_close(stmt)
            throw error
        }
        // Have store_result compute each column's longest value, to size the buffers exactly.
        var updateMaxLength: my_bool = 1
        mysql_stmt_attr_set(stmt, STMT_ATTR_UPDATE_MAX_LENGTH, &updateMaxLength)
        parameterCount = Int(mysql_stmt_param_count(stmt))
        let fieldCount = Int(mysql_stmt_field_count(stmt))
        if fieldCount > 0, let fields = stmt.pointee.fields {
            columns = ColumnIndex(names: (0..<fieldCount).map { String(cString: fields[$0].name) })
        } else {
            columns = nil
        }
    }

    func close() {
        results?.deallocate()
        mysql_stmt_close(stmt)
    }

    func execute(_ parameters: [SQLValue]) throws -> ExecutionResult {
        try run(parameters)
        return ExecutionResult(affectedRows: mysql_stmt_affected_rows(stmt), lastInsertID: mysql_stmt_insert_id(stmt))
    }

    func query(_ parameters: [SQLValue]) throws -> [Row] {
        guard let columns else { throw MariaDBError.programming("query() on a statement without a result set") }
        try run(parameters)
        try check(mysql_stmt_store_result(stmt))
        defer { mysql_stmt_free_result(stmt) }
        guard let fields = stmt.pointee.fields else { throw MariaDBError.programming("a result set without fields") }
        let results = self.results ?? ResultBuffers(count: columns.positions.count)
        self.results = results
        results.fit(fields)
        try check(Int32(mysql_stmt_bind_result(stmt, results.binds)))

        var rows = [Row]()
        rows.reserveCapacity(Int(mysql_stmt_num_rows(stmt)))
        while true {
            let rc = mysql_stmt_fetch(stmt)
            if rc == MYSQL_NO_DATA { break }
            guard rc == 0 || rc == MYSQL_DATA_TRUNCATED else { throw Self.error(of: stmt) }
            rows.append(Row(columns: columns, values: try results.values(refetchingTruncatedFrom: stmt)))
        }
        return rows
    }

    private func run(_ parameters: [SQLValue]) throws {
        guard parameters.count == parameterCount else {
            throw MariaDBError.programming("statement expects \(parameterCount) parameters, got \(parameters.count)")
        }
        if parameterCount == 0 {
            try check(mysql_stmt_execute(stmt))
            return
        }
        let bound = ParameterBuffers(parameters)
        defer { bound.deallocate() }
        try check(Int32(mysql_stmt_bind_param(stmt, bound.binds)))
        try check(mysql_stmt_execute(stmt))
    }

    private func check(_ rc: Int32) throws {
        guard rc == 0 else { throw Self.error(of: stmt) }
    }

    static func error(of stmt: UnsafeMutablePointer<MYSQL_STMT>) -> MariaDBError {
        MariaDBError(
            code: mysql_stmt_errno(stmt),
            sqlState: String(cString: mysql_stmt_sqlstate(stmt)),
            message: String(cString: mysql_stmt_error(stmt)))
    }
}

/// C memory for one execution's parameter bindings; valid until `deallocate()`.
private struct ParameterBuffers {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let count: Int
    private var storage: [UnsafeMutableRawPointer] = []

    init(_ parameters: [SQLValue]) {
        count = parameters.count
        binds = .allocate(capacity: count)
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        for (index, parameter) in parameters.enumerated() {
            switch parameter {
            case .null:
                binds[index].buffer_type = MYSQL_TYPE_NULL
            case .int(let value):
                bind(index, MYSQL_TYPE_LONGLONG, value)
            case .double(let value):
                bind(index, MYSQL_TYPE_DOUBLE, value)
            case .text(let value):
                bindBytes(index, MYSQL_TYPE_STRING, Array(value.utf8))
            case .bytes(let value):
                bindBytes(index, MYSQL_TYPE_BLOB, value)
            }
        }
    }

    private mutating func bind<T>(_ index: Int, _ type: enum_field_types, _ value: T) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        buffer.storeBytes(of: value, as: T.self)
        storage.append(buffer)
        binds[index].buffer_type = type
        binds[index].buffer = buffer
    }

    private mutating func bindBytes(_ index: Int, _ type: enum_field_types, _ bytes: [UInt8]) {
        // At least one byte, so an empty value (whose array has no base address) still binds a
        // valid pointer with length 0.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { buffer.copyMemory(from: base, byteCount: source.count) }
        }
        storage.append(buffer)
        binds[index].buffer_type = type
        binds[index].buffer = buffer
        binds[index].buffer_length = UInt(bytes.count)
        // With `length` unset the library reads `buffer_length` as the value's length.
    }

    func deallocate() {
        storage.forEach { $0.deallocate() }
        binds.deinitialize(count: count)
        binds.deallocate()
    }
}

/// C memory for a statement's result bindings, grown to the longest value each column has held.
private final class ResultBuffers {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let count: Int
    private let lengths: UnsafeMutablePointer<UInt>
    private let nulls: UnsafeMutablePointer<my_bool>
    private let truncated: UnsafeMutablePointer<my_bool>
    private var buffers: [UnsafeMutableRawPointer?]
    private var capacities: [Int]

    init(count: Int) {
        self.count = count
        binds = .allocate(capacity: count)
        binds.initialize(repeating: MYSQL_BIND(), count: count)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        nulls = .allocate(capacity: count)
        nulls.initialize(repeating: 0, count: count)
        truncated = .allocate(capacity: count)
        truncated.initialize(repeating: 0, count: count)
        buffers = Array(repeating: nil, count: count)
        capacities = Array(repeating: 0, count: count)
    }

    /// Makes every buffer hold the longest value of the stored result (numbers and dates as text
    /// fit in 64 bytes); bindings are rewritten, as bind_result copies them each time.
    func fit(_ fields: UnsafeMutablePointer<MYSQL_FIELD>) {
        for index in 0..<count {
            let needed = max(Int(fields[index].max_length), 64)
            if needed > capacities[index] {
                buffers[index]?.deallocate()
                buffers[index] = UnsafeMutableRawPointer.allocate(byteCount: needed, alignment: 1)
                capacities[index] = needed
            }
            binds[index].buffer_type = MYSQL_TYPE_STRING
            binds[index].buffer = buffers[index]
            binds[index].buffer_length = UInt(capacities[index])
            binds[index].length = lengths + index
            binds[index].is_null = nulls + index
            binds[index].error = truncated + index
        }
    }

    /// The current row's values; a column longer than its buffer is fetched again in full.
    func values(refetchingTruncatedFrom stmt: UnsafeMutablePointer<MYSQL_STMT>) throws -> [[UInt8]?] {
        var values = [[UInt8]?]()
        values.reserveCapacity(count)
        for index in 0..<count {
            if nulls[index] != 0 {
                values.append(nil)
                continue
            }
            let length = Int(lengths[index])
            if length <= capacities[index] {
                values.append(Array(UnsafeRawBufferPointer(start: buffers[index], count: length)))
                continue
            }
            var whole = [UInt8](repeating: 0, count: length)
            var bind = MYSQL_BIND()
            var wholeLength: UInt = 0
            try whole.withUnsafeMutableBytes { raw in
                bind.buffer_type = MYSQL_TYPE_STRING
                bind.buffer = raw.baseAddress
                bind.buffer_length = UInt(length)
                try withUnsafeMutablePointer(to: &wholeLength) { lengthPointer in
                    bind.length = lengthPointer
                    guard mysql_stmt_fetch_column(stmt, &bind, UInt32(index), 0) == 0 else {
                        throw PreparedStatement.error(of: stmt)
                    }
                }
            }
            values.append(whole)
        }
        return values
    }

    func deallocate() {
        buffers.forEach { $0?.deallocate() }
        lengths.deallocate()
        nulls.deallocate()
        truncated.deallocate()
        binds.deinitialize(count: count)
        binds.deallocate()
    }
}
