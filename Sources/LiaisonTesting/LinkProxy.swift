import NIOCore
import NIOPosix

import class LiaisonCore.Locked

/// A TCP relay on 127.0.0.1 between two brokers, which a test can cut (every connection closed,
/// new ones refused at once) and restore: a network link going down and coming back.
public final class LinkProxy: Sendable {
  /// The port the relay listens on (configure the peer address with it).
  public let port: Int
  private let server: any NIOCore.Channel
  private let state = Locked(State())

  private struct State {
    var cut = false
    var target: Int?
    var open: [any NIOCore.Channel] = []
  }

  /// Listens on a free port and relays to `target` (connections are refused until there is one).
  public init(target: Int? = nil) async throws {
    state.withLock { $0.target = target }
    let group = MultiThreadedEventLoopGroup.singleton
    let state = self.state
    server = try await ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { inbound in
        let target = state.withLock { state -> Int? in
          guard !state.cut, let target = state.target else { return nil }
          state.open.append(inbound)
          return target
        }
        guard let target else { return inbound.close() }
        return ClientBootstrap(group: inbound.eventLoop)
          .connect(host: "127.0.0.1", port: target)
          .flatMap { outbound in
            state.withLock { $0.open.append(outbound) }
            let (toOutbound, toInbound) = Relay.pair()
            return inbound.pipeline.addHandler(toOutbound).and(outbound.pipeline.addHandler(toInbound)).map { _ in
              toOutbound.partner = outbound
              toInbound.partner = inbound
            }
          }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    port = server.localAddress?.port ?? 0
  }

  /// Closes every relayed connection and refuses new ones until ``restore()``.
  public func cut() async {
    let open = state.withLock { state -> [any NIOCore.Channel] in
      state.cut = true
      defer { state.open = [] }
      return state.open
    }
    for channel in open { try? await channel.close() }
  }

  /// Relays new connections to `port` from now on (a broker restarted on another port).
  public func retarget(_ port: Int) {
    state.withLock { $0.target = port }
  }

  /// Accepts connections again.
  public func restore() {
    state.withLock { $0.cut = false }
  }

  /// Stops listening and closes everything.
  public func close() async {
    await cut()
    try? await server.close()
  }
}
