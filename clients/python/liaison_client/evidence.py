"""Offline verification of a case's signatures (what `liaison case verify` does), against the CA."""

import datetime
from dataclasses import dataclass
from typing import List, Optional, Sequence

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec

from liaison.v1 import broker_pb2, common_pb2

from .signing import payload, requires_signature, verify_payload

AGENCY_URI = "liaison://agency/"


@dataclass
class Evidence:
    """What the check of one signed (or unsigned but required) event found."""

    event_id: str
    action: str
    actor: str
    signer: str
    signed_at_ms: int
    problem: Optional[str]

    @property
    def valid(self) -> bool:
        return self.problem is None


def _issued_by(certificate: x509.Certificate, authorities: Sequence[x509.Certificate]) -> bool:
    for authority in authorities:
        if authority.subject != certificate.issuer:
            continue
        try:
            key = authority.public_key()
            if isinstance(key, ec.EllipticCurvePublicKey):
                key.verify(certificate.signature, certificate.tbs_certificate_bytes,
                           ec.ECDSA(certificate.signature_hash_algorithm))
            else:
                certificate.verify_directly_issued_by(authority)
            return True
        except (InvalidSignature, ValueError, TypeError):
            continue
    return False


def _agency_uris(certificate: x509.Certificate) -> List[str]:
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [uri for uri in names.get_values_for_type(x509.UniformResourceIdentifier) if uri.startswith(AGENCY_URI)]


def verify_event(event: common_pb2.Event, authorities: Sequence[x509.Certificate]) -> Evidence:
    """Checks one event's signature: over its own case, action, body and attachments; by a
    certificate one of `authorities` issued, valid when signed, naming the acting agency."""
    signature = event.signature
    signed_at = signature.signed_at.ToMilliseconds()
    evidence = Evidence(event.envelope.event_id, event.action, event.envelope.sender, "", signed_at, None)
    if not signature.signature:
        evidence.problem = "a stage that must be signed carries no signature"
        return evidence
    try:
        certificate = x509.load_der_x509_certificate(signature.certificate)
    except ValueError:
        evidence.problem = "no signer certificate recorded"
        return evidence
    uris = _agency_uris(certificate)
    evidence.signer = uris[0] if uris else "(no agency URI)"
    data = payload(event.envelope.case_id, event.action, event.action_body,
                   [a.sha256 for a in event.envelope.attachments], signed_at)
    key = certificate.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey) or not verify_payload(key, signature.signature, data):
        evidence.problem = "the signature does not verify over this case, action, body and signed_at"
    elif not _issued_by(certificate, authorities):
        evidence.problem = "the signer certificate was not issued by the given CA"
    else:
        when = datetime.datetime.fromtimestamp(signed_at / 1000, tz=datetime.timezone.utc)
        if not (certificate.not_valid_before_utc <= when <= certificate.not_valid_after_utc):
            evidence.problem = "the signer certificate was not valid when the action was signed"
        elif evidence.signer != AGENCY_URI + event.envelope.sender:
            evidence.problem = f"the certificate is {evidence.signer}, not the acting agency {event.envelope.sender}"
    return evidence


def verify_case(case: broker_pb2.CaseView, ca_pem: bytes) -> List[Evidence]:
    """Checks every signed event of a case, and flags events that had to be signed but are not."""
    authorities = x509.load_pem_x509_certificates(ca_pem)
    found = []
    for event in case.events:
        if event.signature.signature or requires_signature(event.action_body):
            found.append(verify_event(event, authorities))
    return found
