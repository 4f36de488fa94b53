import ArgumentParser
import Foundation
import LiaisonStore

/// `liaisond backup`: an online, consistent copy of a running broker's database.
struct Backup: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Copy the database while the broker runs; the copy's audit chain is verified.")

  @Option(help: "The broker's database.")
  var database = ".liaison-dev/liaison.sqlite"

  @Option(help: "The backup file to create.")
  var to: String

  func run() throws {
    let summary = try StoreBackup.backup(database: database, to: to)
    print(
      "backup \(to): \(summary.cases) cases, \(summary.events) events, audit head \(summary.head.map { "link \($0.seq)" } ?? "empty"), chain intact"
    )
  }
}

/// `liaisond restore`: puts a backup in place of the database (broker stopped).
struct Restore: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Restore a backup into the database file (stop the broker first); the backup is verified first.")

  @Option(help: "The backup file.")
  var from: String

  @Option(help: "The database to (re)create.")
  var database = ".liaison-dev/liaison.sqlite"

  @Flag(help: "Replace an existing database.")
  var force = false

  func run() throws {
    let summary = try StoreBackup.restore(from: from, to: database, replace: force)
    print("restored \(database) from \(from): \(summary.cases) cases, \(summary.events) events")
  }
}
