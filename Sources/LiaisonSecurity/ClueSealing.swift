import Crypto
import Foundation
import LiaisonCore
import LiaisonWire
import SwiftProtobuf

/// End-to-end sealing of discipline clues (SPEC.md §4b): the client seals the letter and its
/// attachments for the receiving commissions before sending; the broker stores and forwards
/// ciphertext it cannot read; each commission opens them with its private key.
///
/// A random 256-bit content key encrypts the serialized `CaseBody` (and each attachment) with
/// AES-256-GCM; the content key is sealed to every recipient's published X25519 key with HPKE base
/// mode (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, info `liaison-seal-v1`).
public enum ClueSealing {
  static let suite = HPKE.Ciphersuite(kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .AES_GCM_256)
  static let info = Data("liaison-seal-v1".utf8)

  /// One recipient: an agency and its published sealing key.
  public struct Recipient: Sendable {
    public var agency: String
    public var publicKey: [UInt8]

    public init(agency: String, publicKey: [UInt8]) {
      self.agency = agency
      self.publicKey = publicKey
    }
  }

  /// The id of a sealing key: the first 16 hex digits of the SHA-256 of the public key.
  public static func keyID(_ publicKey: [UInt8]) -> String {
    Hex.encode(SHA256.hash(data: publicKey).prefix(8))
  }

  /// Seals a channel body for `recipients` with the case's content key (a new one by default; pass
  /// the key the case's attachments were sealed with); returns the sealed body and the key.
  public static func seal(
    _ body: Liaison_V1_CaseBody, for recipients: [Recipient], key: SymmetricKey = SymmetricKey(size: .bits256)
  ) throws -> (Liaison_V1_SealedBody, SymmetricKey) {
    let plaintext: [UInt8] = try body.serializedBytes()
    var sealed = Liaison_V1_SealedBody()
    sealed.ciphertext = try AES.GCM.seal(plaintext, using: key).combined ?? Data()
    let keyBytes = key.withUnsafeBytes { Data($0) }
    for recipient in recipients {
      let publicKey = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: recipient.publicKey)
      var sender = try HPKE.Sender(recipientKey: publicKey, ciphersuite: suite, info: info)
      let sealedKey = try sender.seal(keyBytes)
      sealed.recipients.append(
        .with {
          $0.agency = recipient.agency
          $0.keyID = keyID(recipient.publicKey)
          $0.encapsulatedKey = sender.encapsulatedKey
          $0.sealedKey = sealedKey
        })
    }
    return (sealed, key)
  }

  /// A clue request's identity for idempotency (`SealedBody.identity`): the same for every sealing
  /// of one letter under one idempotency key.
  public static func identity(of body: Liaison_V1_CaseBody, idempotencyKey: String) throws -> [UInt8] {
    var encoder = CanonicalEncoder()
    encoder.append("liaison-clue-identity-v1")
    encoder.append(idempotencyKey)
    encoder.append(try body.serializedBytes() as [UInt8])
    return Array(SHA256.hash(data: encoder.bytes))
  }

  /// Encrypts an attachment's bytes with the case's content key.
  public static func seal(attachment: [UInt8], key: SymmetricKey) throws -> [UInt8] {
    Array(try AES.GCM.seal(attachment, using: key).combined ?? Data())
  }

  /// Opens a sealed body as `agency` with its private key; returns the body and the content key.
  public static func open(
    _ sealed: Liaison_V1_SealedBody, as agency: String, privateKey: Curve25519.KeyAgreement.PrivateKey
  ) throws(LiaisonError) -> (Liaison_V1_CaseBody, SymmetricKey) {
    let id = keyID(Array(privateKey.publicKey.rawRepresentation))
    guard let entry = sealed.recipients.first(where: { $0.agency == agency && $0.keyID == id }) else {
      throw LiaisonError(
        .fieldInvalid, "the body is not sealed for \(agency)'s key \(id)", field: "body.sealed.recipients")
    }
    do {
      var recipient = try HPKE.Recipient(
        privateKey: privateKey, ciphersuite: suite, info: info, encapsulatedKey: entry.encapsulatedKey)
      let key = SymmetricKey(data: try recipient.open(entry.sealedKey))
      let plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: sealed.ciphertext), using: key)
      return (try Liaison_V1_CaseBody(serializedBytes: plaintext), key)
    } catch {
      throw LiaisonError(.fieldInvalid, "the sealed body does not open: \(error)", field: "body.sealed")
    }
  }

  /// Decrypts an attachment sealed with the case's content key.
  public static func open(attachment: [UInt8], key: SymmetricKey) throws(LiaisonError) -> [UInt8] {
    do {
      return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: attachment), using: key))
    } catch {
      throw LiaisonError(.fieldInvalid, "the attachment does not open with this case's key: \(error)")
    }
  }

  /// Reads a private sealing key file (64 hex digits, the raw X25519 key).
  public static func privateKey(file path: String) throws -> Curve25519.KeyAgreement.PrivateKey {
    let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    guard let raw = Hex.decode(text), raw.count == 32 else {
      throw LiaisonError(.configInvalid, "\(path) is not a sealing key (64 hexadecimal digits)")
    }
    return try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
  }
}
