import GRPCCore
import GRPCNIOTransportHTTP2
import LiaisonCore
import LiaisonSecurity
import Synchronization
import X509

/// Finds the caller of an RPC: the verified client certificate of the connection, read through the
/// Posix HTTP/2 transport, interpreted by ``CertificateIdentity`` against the current directory.
/// Identity is passed explicitly to handlers (a task-local would not reach streaming handlers).
final class Authenticator: Sendable {
  private let directory: Mutex<Directory>
  private let channels: Mutex<ChannelPolicy>

  init(directory: Directory, channels: ChannelPolicy) {
    self.directory = Mutex(directory)
    self.channels = Mutex(channels)
  }

  /// The channel policy in force.
  var currentChannels: ChannelPolicy { channels.withLock { $0 } }

  /// Replaces the channel policy (reload).
  func replace(_ newChannels: ChannelPolicy) {
    channels.withLock { $0 = newChannels }
  }

  /// The directory in force.
  var currentDirectory: Directory { directory.withLock { $0 } }

  /// Replaces the directory (reload); calls already authenticated keep their principal.
  func replace(_ newDirectory: Directory) {
    directory.withLock { $0 = newDirectory }
  }

  /// The verified client certificate of the connection.
  func certificate(_ context: ServerContext) -> Certificate? {
    (context.transportSpecific as? HTTP2ServerTransport.Posix.Context)?.peerCertificate
  }

  /// The caller's principal, or a status error that says why there is none.
  func principal(_ context: ServerContext) throws -> Principal {
    guard let transport = context.transportSpecific as? HTTP2ServerTransport.Posix.Context,
      let certificate = transport.peerCertificate
    else {
      throw LiaisonError(.unauthenticated, "no verified client certificate on this connection").status
    }
    do {
      return try CertificateIdentity.principal(of: certificate, directory: currentDirectory)
    } catch {
      throw error.status
    }
  }
}
