import Crypto
import Foundation
import LiaisonCore
import SwiftASN1
import X509

/// An X.509 certificate revocation list (RFC 5280 §5), PEM or DER, as `openssl ca -gencrl` or
/// ``CertificateAuthority/revocationList(revoking:now:days:)`` write it. Only what Liaison needs is
/// read: the issuer's signature (ECDSA P-256 or P-384 with SHA-256 or SHA-384), the update times and
/// the revoked serial numbers.
public struct CertificateRevocationList: Sendable {
  /// Serial numbers of revoked certificates (big-endian, without leading zeros).
  public let revokedSerials: Set<[UInt8]>
  /// When the list was issued.
  public let thisUpdate: Date
  /// When the next list is due, if stated.
  public let nextUpdate: Date?
  /// The DER encoding of the issuer name.
  let issuer: [UInt8]
  let tbs: ArraySlice<UInt8>
  let algorithm: ASN1ObjectIdentifier
  let signature: [UInt8]

  static let ecdsaWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
  static let ecdsaWithSHA384: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 3]

  /// Parses a CRL file's bytes, PEM (`-----BEGIN X509 CRL-----`) or DER.
  public init(bytes: [UInt8]) throws(LiaisonError) {
    var der = bytes
    if let text = String(bytes: bytes, encoding: .utf8), text.contains("-----BEGIN") {
      do {
        der = try PEMDocument(pemString: text).derBytes
      } catch {
        throw LiaisonError(.configInvalid, "the CRL is not valid PEM: \(error)")
      }
    }
    do {
      let root = try DER.parse(der)
      var parsed:
        (
          tbs: ArraySlice<UInt8>, issuer: [UInt8], thisUpdate: Date, nextUpdate: Date?, serials: Set<[UInt8]>,
          algorithm: ASN1ObjectIdentifier, signature: [UInt8]
        )?
      try DER.sequence(root, identifier: .sequence) { nodes in
        guard let tbsNode = nodes.next(), let algorithmNode = nodes.next(), let signatureNode = nodes.next() else {
          throw ASN1Error.invalidASN1Object(reason: "a CRL has three parts")
        }
        let fields = try Self.tbsFields(tbsNode)
        let algorithm = try DER.sequence(algorithmNode, identifier: .sequence) { inner in
          try ASN1ObjectIdentifier(derEncoded: &inner)
        }
        let signature = try ASN1BitString(derEncoded: signatureNode)
        parsed = (
          tbsNode.encodedBytes, fields.issuer, fields.thisUpdate, fields.nextUpdate, fields.serials, algorithm,
          Array(signature.bytes)
        )
      }
      guard let parsed else { throw ASN1Error.invalidASN1Object(reason: "empty") }
      (tbs, issuer, thisUpdate, nextUpdate) = (parsed.tbs, parsed.issuer, parsed.thisUpdate, parsed.nextUpdate)
      (revokedSerials, algorithm, signature) = (parsed.serials, parsed.algorithm, parsed.signature)
    } catch let error as LiaisonError {
      throw error
    } catch {
      throw LiaisonError(.configInvalid, "the CRL is not a valid DER CertificateList: \(error)")
    }
  }

  /// Reads a CRL file.
  public init(contentsOf path: String) throws(LiaisonError) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LiaisonError(.configInvalid, "cannot read the CRL file \(path)")
    }
    try self.init(bytes: [UInt8](data))
  }

  private static func tbsFields(_ node: ASN1Node) throws -> (
    issuer: [UInt8], thisUpdate: Date, nextUpdate: Date?, serials: Set<[UInt8]>
  ) {
    try DER.sequence(node, identifier: .sequence) { nodes in
      var next = nodes.next()
      if next?.identifier == .integer { next = nodes.next() }  // version
      guard next?.identifier == .sequence, let issuerNode = nodes.next(), let thisNode = nodes.next() else {
        throw ASN1Error.invalidASN1Object(reason: "TBSCertList lacks its algorithm, issuer or thisUpdate")
      }
      let thisUpdate = try date(thisNode)
      var nextUpdate: Date?
      var serials: Set<[UInt8]> = []
      while let field = nodes.next() {
        switch field.identifier {
        case .utcTime, .generalizedTime:
          nextUpdate = try date(field)
        case .sequence:
          try DER.sequence(field, identifier: .sequence) { entries in
            while let entry = entries.next() {
              try DER.sequence(entry, identifier: .sequence) { parts in
                guard let serialNode = parts.next() else { throw ASN1Error.invalidASN1Object(reason: "empty entry") }
                serials.insert(normalized(try ArraySlice<UInt8>(derEncoded: serialNode)))
                while parts.next() != nil {}
              }
            }
          }
        default:
          break  // crlExtensions [0]
        }
      }
      return (Array(issuerNode.encodedBytes), thisUpdate, nextUpdate, serials)
    }
  }

  private static func date(_ node: ASN1Node) throws -> Date {
    var components = DateComponents()
    components.timeZone = TimeZone(identifier: "UTC")
    if node.identifier == .utcTime {
      let time = try UTCTime(derEncoded: node)
      (components.year, components.month, components.day) = (time.year, time.month, time.day)
      (components.hour, components.minute, components.second) = (time.hours, time.minutes, time.seconds)
    } else {
      let time = try GeneralizedTime(derEncoded: node)
      (components.year, components.month, components.day) = (time.year, time.month, time.day)
      (components.hour, components.minute, components.second) = (time.hours, time.minutes, time.seconds)
    }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    guard let date = calendar.date(from: components) else { throw ASN1Error.invalidASN1Object(reason: "bad time") }
    return date
  }

  /// A serial number without leading zero bytes.
  static func normalized<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
    Array(bytes.drop { $0 == 0 })
  }

  /// Whether the certificate's serial number is listed.
  public func revokes(_ certificate: Certificate) -> Bool {
    revokedSerials.contains(Self.normalized(certificate.serialNumber.bytes))
  }

  /// Checks that `issuer` signed this list (same name, valid ECDSA signature).
  public func verify(issuer certificate: Certificate) throws(LiaisonError) {
    var serializer = DER.Serializer()
    let issuerName: [UInt8]
    do {
      try serializer.serialize(certificate.subject)
      issuerName = serializer.serializedBytes
    } catch {
      throw LiaisonError(.configInvalid, "cannot encode the CA's name: \(error)")
    }
    guard issuerName == issuer else {
      throw LiaisonError(.configInvalid, "the CRL was issued by another CA than \(certificate.subject)")
    }
    let valid: Bool
    do {
      let signature = try P256.Signing.ECDSASignature(derRepresentation: self.signature)
      switch (algorithm, P256.Signing.PublicKey(certificate.publicKey)) {
      case (Self.ecdsaWithSHA256, let key?): valid = key.isValidSignature(signature, for: SHA256.hash(data: tbs))
      case (Self.ecdsaWithSHA384, let key?): valid = key.isValidSignature(signature, for: SHA384.hash(data: tbs))
      default:
        if let key = P384.Signing.PublicKey(certificate.publicKey) {
          let signature = try P384.Signing.ECDSASignature(derRepresentation: self.signature)
          valid =
            algorithm == Self.ecdsaWithSHA384
            ? key.isValidSignature(signature, for: SHA384.hash(data: tbs))
            : key.isValidSignature(signature, for: SHA256.hash(data: tbs))
        } else {
          throw LiaisonError(
            .configInvalid, "the CRL is signed with \(algorithm); Liaison verifies ECDSA P-256/P-384 CRLs")
        }
      }
    } catch let error as LiaisonError {
      throw error
    } catch {
      throw LiaisonError(.configInvalid, "the CRL's signature is malformed: \(error)")
    }
    guard valid else { throw LiaisonError(.configInvalid, "the CRL's signature does not verify against the CA") }
  }

  // MARK: Issuing

  /// Encodes a CRL signed by `authority` listing `serials`.
  static func encode(
    issuer: IssuedCertificate, serials: [Certificate.SerialNumber], thisUpdate: Date, nextUpdate: Date
  ) throws -> [UInt8] {
    var tbs = DER.Serializer()
    try tbs.appendConstructedNode(identifier: .sequence) { body in
      try body.serialize(1)  // v2
      try body.appendConstructedNode(identifier: .sequence) { try $0.serialize(Self.ecdsaWithSHA256) }
      try body.serialize(issuer.certificate.subject)
      try body.serialize(try generalized(thisUpdate))
      try body.serialize(try generalized(nextUpdate))
      if !serials.isEmpty {
        try body.appendConstructedNode(identifier: .sequence) { list in
          for serial in serials {
            try list.appendConstructedNode(identifier: .sequence) { entry in
              try entry.serialize(serial.bytes)
              try entry.serialize(try generalized(thisUpdate))
            }
          }
        }
      }
    }
    let tbsBytes = tbs.serializedBytes
    let signature = try issuer.privateKey.signature(for: SHA256.hash(data: tbsBytes))
    var list = DER.Serializer()
    try list.appendConstructedNode(identifier: .sequence) { outer in
      outer.serializeRawBytes(tbsBytes)
      try outer.appendConstructedNode(identifier: .sequence) { try $0.serialize(Self.ecdsaWithSHA256) }
      try outer.serialize(ASN1BitString(bytes: ArraySlice(signature.derRepresentation)))
    }
    return list.serializedBytes
  }

  private static func generalized(_ date: Date) throws -> GeneralizedTime {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return try GeneralizedTime(
      year: c.year!, month: c.month!, day: c.day!, hours: c.hour!, minutes: c.minute!, seconds: c.second!,
      fractionalSeconds: 0)
  }
}

extension CertificateAuthority {
  /// A CRL of this CA revoking `serials`, valid for `days`, as PEM.
  public func revocationList(revoking serials: [Certificate.SerialNumber], now: Date = Date(), days: Int = 7) throws
    -> String
  {
    let der = try CertificateRevocationList.encode(
      issuer: root, serials: serials, thisUpdate: now.addingTimeInterval(-60),
      nextUpdate: now.addingTimeInterval(Double(days) * 86400))
    return PEMDocument(type: "X509 CRL", derBytes: der).pemString
  }
}
