"""Signatures of business stages (SPEC.md §4b): ECDSA P-256 / SHA-256 over the canonical payload."""

import time
from typing import Optional, Sequence

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from liaison.v1 import actions_pb2, broker_pb2, common_pb2

SIGNED_BODIES = {"receipt", "registration", "decline", "decision", "result"}


def requires_signature(body: actions_pb2.ActionBody) -> bool:
    """Whether an action with this body must be signed by the acting agency."""
    return body.WhichOneof("kind") in SIGNED_BODIES


def payload(case_id: str, action: str, body: actions_pb2.ActionBody, attachments: Sequence[str],
            signed_at_ms: int) -> bytes:
    """The bytes that are signed: canon("liaison-signature-v1", case id, action, the body's protobuf
    encoding, the number of attachments, each attachment's SHA-256 (hex text), signed_at in ms)."""
    from .canonical import canonical

    fields = ["liaison-signature-v1", case_id, action, body.SerializeToString(deterministic=True), len(attachments)]
    fields += list(attachments)
    fields.append(signed_at_ms)
    return canonical(fields)


def sign_request(request: broker_pb2.ActRequest, key: ec.EllipticCurvePrivateKey,
                 now_ms: Optional[int] = None) -> None:
    """Signs an ActRequest in place with the agency's private key (its certificate's key)."""
    signed_at = int(time.time() * 1000) if now_ms is None else now_ms
    data = payload(request.case_id, request.action, request.body, [a.sha256 for a in request.attachments], signed_at)
    request.signature.CopyFrom(common_pb2.ActionSignature(signature=key.sign(data, ec.ECDSA(hashes.SHA256()))))
    request.signature.signed_at.FromMilliseconds(signed_at)


def verify_payload(public_key: ec.EllipticCurvePublicKey, signature: bytes, data: bytes) -> bool:
    """Whether `signature` (DER) is the key's signature of `data`."""
    try:
        public_key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False
