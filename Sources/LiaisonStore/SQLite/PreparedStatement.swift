import GRDB
import GRDBSQLite

/// A cached statement driven through the SQLite C API on the hot write path, where building GRDB
/// `StatementArguments` for every row costs more than the insert itself. Used only inside the
/// writer's open transaction; each call binds, steps and resets.
struct PreparedStatement {
  private let handle: OpaquePointer
  private let db: Database

  init(_ db: Database, _ sql: String) throws {
    self.db = db
    handle = try db.cachedStatement(sql: sql).sqliteStatement
  }

  /// A value to bind.
  enum Value {
    case null
    case int(Int64)
    case text(String)
    case optionalText(String?)
    case blob([UInt8])
  }

  /// Binds `values` to ?1, ?2 … and runs the statement to completion.
  func execute(_ values: Value...) throws {
    try bound(values) {
      let code = sqlite3_step(handle)
      sqlite3_reset(handle)
      guard code == SQLITE_DONE else { throw error(code) }
    }
  }

  /// Binds `values`, runs the statement and returns how many rows it changed.
  func changes(_ values: Value...) throws -> Int {
    try bound(values) {
      let code = sqlite3_step(handle)
      sqlite3_reset(handle)
      guard code == SQLITE_DONE else { throw error(code) }
      return Int(sqlite3_changes(db.sqliteConnection))
    }
  }

  /// Binds `values` and returns the first row's columns read by `read`, or `nil` when there is none.
  func first<T>(_ values: Value..., read: (OpaquePointer) -> T) throws -> T? {
    try bound(values) {
      defer { sqlite3_reset(handle) }
      let code = sqlite3_step(handle)
      if code == SQLITE_ROW { return read(handle) }
      guard code == SQLITE_DONE else { throw error(code) }
      return nil
    }
  }

  /// Runs `body` with `values` bound to ?1, ?2 …; the bindings are cleared after. SQLite copies
  /// text and blobs as they are bound, so one loop binds them all (no nested closure per value).
  private func bound<R>(_ values: [Value], _ body: () throws -> R) throws -> R {
    defer { sqlite3_clear_bindings(handle) }
    var index: Int32 = 1
    for value in values {
      switch value {
      case .null, .optionalText(nil):
        try check(sqlite3_bind_null(handle, index))
      case .int(let number):
        try check(sqlite3_bind_int64(handle, index, number))
      case .text(let text), .optionalText(let text?):
        try check(bindText(text, index))
      case .blob(let bytes):
        try check(
          bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob(
              handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), Self.transient)
          })
      }
      index += 1
    }
    return try body()
  }

  /// SQLite's SQLITE_TRANSIENT: it copies the value before the bind call returns.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  /// Binds a string's UTF-8 bytes (no intermediate C string); SQLite copies them.
  private func bindText(_ text: String, _ index: Int32) -> Int32 {
    var text = text
    return text.withUTF8 { bytes in
      sqlite3_bind_text(
        handle, index,
        UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self),
        Int32(bytes.count), Self.transient)
    }
  }

  private func check(_ code: Int32) throws {
    guard code == SQLITE_OK else { throw error(code) }
  }

  private func error(_ code: Int32) -> DatabaseError {
    DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
  }

  /// Binds `values` and returns every row read by `read`.
  func all<T>(_ values: Value..., read: (OpaquePointer) -> T) throws -> [T] {
    try rows(values, read: read) { _ in false }
  }

  /// The rows in order, up to and including the first for which `isLast` holds.
  func rows<T>(_ values: [Value], read: (OpaquePointer) -> T, isLast: (T) -> Bool) throws -> [T] {
    try bound(values) {
      defer { sqlite3_reset(handle) }
      var rows: [T] = []
      while true {
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return rows }
        guard code == SQLITE_ROW else { throw error(code) }
        let row = read(handle)
        rows.append(row)
        if isLast(row) { return rows }
      }
    }
  }

  static func text(_ handle: OpaquePointer, _ column: Int32) -> String {
    guard let pointer = sqlite3_column_text(handle, column) else { return "" }
    return String(cString: pointer)
  }

  /// The size of a column's value in bytes (text or blob).
  static func byteCount(_ handle: OpaquePointer, _ column: Int32) -> Int {
    Int(sqlite3_column_bytes(handle, column))
  }

  static func optionalText(_ handle: OpaquePointer, _ column: Int32) -> String? {
    sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : text(handle, column)
  }

  static func optionalInt64(_ handle: OpaquePointer, _ column: Int32) -> Int64? {
    sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
  }

  /// Column helpers for `first`.
  static func int64(_ handle: OpaquePointer, _ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

  static func blob(_ handle: OpaquePointer, _ column: Int32) -> [UInt8] {
    let count = Int(sqlite3_column_bytes(handle, column))
    guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
    return Array(UnsafeRawBufferPointer(start: pointer, count: count))
  }
}
