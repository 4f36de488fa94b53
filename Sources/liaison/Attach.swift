import ArgumentParser
import Foundation
import LiaisonClient
import LiaisonWire
import SwiftProtobuf

/// `liaison attach put|get`: attachments up and down by SHA-256, with a progress bar for large files.
struct Attach: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Upload or download an attachment (referenced by its SHA-256 in a request's attachments).",
    subcommands: [Put.self, Get.self])

  /// A progress bar on standard error, for files over 1 MiB when standard error is a terminal (or
  /// with --progress).
  struct Progress: Sendable {
    let total: Int
    let enabled: Bool

    func show(_ done: Int) {
      guard enabled, total > 0 else { return }
      let fraction = Double(done) / Double(total)
      let filled = Int(fraction * 30)
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
      FileHandle.standardError.write(
        Data("\r[\(bar)] \(Int(fraction * 100))% \(done / 1024) / \(total / 1024) KiB".utf8))
      if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func wanted(_ flag: Bool, size: Int) -> Bool {
      flag || (size > 1 << 20 && isatty(2) == 1)
    }
  }

  struct Put: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Upload a file; prints its SHA-256 reference.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The file.") var file: String
    @Option(help: "Title shown to the receiver.") var title: String?
    @Option(help: "Media type.") var mediaType = "application/octet-stream"
    @Flag(help: "Show a progress bar.") var progress = false

    func run() async throws {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw ValidationError("cannot read \(file)")
      }
      let bytes = [UInt8](data)
      let bar = Progress(total: bytes.count, enabled: Progress.wanted(progress, size: bytes.count))
      let name = title ?? URL(fileURLWithPath: file).lastPathComponent
      let type = mediaType
      let reference = try await connection.connect { client in
        try await client.putAttachment(bytes, title: name, mediaType: type) { bar.show($0) }
      }
      if connection.json {
        say(try reference.jsonString())
      } else {
        say("uploaded \(reference.size) bytes: sha256 \(reference.sha256)")
        say("reference it in a request: envelope.attachments: [{sha256: \(reference.sha256), title: \(name)}]")
      }
    }
  }

  struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Download an attachment of a case you are party to.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Its SHA-256.") var sha256: String
    @Option(help: "Where to write it.") var out: String
    @Option(help: "Expected size in bytes, for the progress bar.") var size: Int = 0
    @Flag(help: "Show a progress bar.") var progress = false

    func run() async throws {
      let bar = Progress(total: size, enabled: Progress.wanted(progress, size: size))
      let digest = sha256
      let bytes = try await connection.connect { client in
        try await client.getAttachment(digest) { bar.show($0) }
      }
      try Data(bytes).write(to: URL(fileURLWithPath: out))
      if connection.json {
        say("{\"sha256\": \"\(sha256)\", \"size\": \(bytes.count), \"file\": \"\(out)\"}")
      } else {
        say("downloaded \(bytes.count) bytes to \(out)")
      }
    }
  }
}
