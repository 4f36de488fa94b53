import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 endpoint for operators: `GET /metrics` (Prometheus text format), `GET /livez`
/// (the process answers), `GET /readyz` (the broker accepts calls: 200, otherwise 503). Plain HTTP
/// on a separate port, meant for the local Prometheus and the orchestrator's probes.
struct MetricsEndpoint: Sendable {
  let host: String
  let port: Int
  /// The Prometheus exposition, produced on each scrape.
  let metrics: @Sendable () async -> [UInt8]
  /// Whether the broker is ready.
  let ready: @Sendable () -> Bool
  let logger: Logger

  typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

  /// Binds; `bound` receives the port (useful with port 0). Serves until cancelled.
  func run(bound: @Sendable (Int) -> Void = { _ in }) async throws {
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .bind(host: host, port: port) { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.configureHTTPServerPipeline()
          return try Connection(wrappingChannelSynchronously: channel)
        }
      }
    bound(server.channel.localAddress?.port ?? port)
    logger.info(
      "metrics endpoint listening", metadata: ["address": "\(host):\(server.channel.localAddress?.port ?? port)"])
    try await withTaskCancellationHandler {
      try await withThrowingDiscardingTaskGroup { group in
        try await server.executeThenClose { inbound in
          for try await connection in inbound {
            group.addTask { await serve(connection) }
          }
        }
      }
    } onCancel: {
      server.channel.close(promise: nil)
    }
  }

  private func serve(_ connection: Connection) async {
    try? await connection.executeThenClose { inbound, outbound in
      for try await part in inbound {
        guard case .head(let head) = part else { continue }
        let (status, type, body): (HTTPResponseStatus, String, [UInt8])
        switch (head.method, head.uri.split(separator: "?").first.map(String.init) ?? head.uri) {
        case (.GET, "/metrics"):
          (status, type, body) = (.ok, "text/plain; version=0.0.4; charset=utf-8", await metrics())
        case (.GET, "/livez"):
          (status, type, body) = (.ok, "text/plain", Array("ok\n".utf8))
        case (.GET, "/readyz"):
          let isReady = ready()
          (status, type, body) = (
            isReady ? .ok : .serviceUnavailable, "text/plain", Array((isReady ? "ready\n" : "not ready\n").utf8)
          )
        default:
          (status, type, body) = (.notFound, "text/plain", Array("GET /metrics, /livez or /readyz\n".utf8))
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: type)
        headers.add(name: "Content-Length", value: "\(body.count)")
        try await outbound.write(.head(HTTPResponseHead(version: head.version, status: status, headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
        try await outbound.write(.end(nil))
      }
    }
  }
}
