import NIOCore

/// Copies bytes from its channel to the partner channel; closing one side closes the other.
final class Relay: ChannelInboundHandler, @unchecked Sendable {
  typealias InboundIn = ByteBuffer
  // Set once on the event loop before reads start.
  var partner: (any NIOCore.Channel)?

  static func pair() -> (Relay, Relay) { (Relay(), Relay()) }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    partner?.writeAndFlush(unwrapInboundIn(data), promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    partner?.close(promise: nil)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }
}
