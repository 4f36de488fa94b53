"""Sealed discipline clues (SPEC.md §4c): AES-256-GCM under a content key, the key sealed with HPKE
(RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, info "liaison-seal-v1")."""

import hashlib
import os
from typing import Optional, Sequence, Tuple

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from liaison.v1 import channels_pb2

from .canonical import canonical

INFO = b"liaison-seal-v1"
_SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)
_ENC = 32  # an X25519 encapsulated key


def key_id(public_key: bytes) -> str:
    """The id of a sealing key: the first 8 bytes of SHA-256 of the raw public key, in hex."""
    return hashlib.sha256(public_key).digest()[:8].hex()


def _gcm_seal(key: bytes, plaintext: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, None)


def _gcm_open(key: bytes, sealed: bytes) -> bytes:
    return AESGCM(key).decrypt(sealed[:12], sealed[12:], None)


def identity(body: channels_pb2.CaseBody, idempotency_key: str) -> bytes:
    """SealedBody.identity: SHA-256(canon("liaison-clue-identity-v1", key, serialized CaseBody)), the
    same for every sealing of one letter under one idempotency key (retries are recognised)."""
    return hashlib.sha256(
        canonical(["liaison-clue-identity-v1", idempotency_key, body.SerializeToString(deterministic=True)])).digest()


def seal(body: channels_pb2.CaseBody, recipients: Sequence[Tuple[str, bytes]], idempotency_key: str = "",
         content_key: Optional[bytes] = None) -> Tuple[channels_pb2.SealedBody, bytes]:
    """Seals a letter for (agency, raw X25519 public key) recipients; returns the sealed body and the
    content key (seal the case's attachments with it). Sets `identity` when a key is given."""
    key = content_key or AESGCM.generate_key(bit_length=256)
    sealed = channels_pb2.SealedBody(ciphertext=_gcm_seal(key, body.SerializeToString(deterministic=True)))
    for agency, public in recipients:
        out = _SUITE.encrypt(key, X25519PublicKey.from_public_bytes(public), info=INFO)
        sealed.recipients.add(agency=agency, key_id=key_id(public), encapsulated_key=out[:_ENC],
                              sealed_key=out[_ENC:])
    if idempotency_key:
        sealed.identity = identity(body, idempotency_key)
    return sealed, key


def open_sealed(sealed: channels_pb2.SealedBody, agency: str,
                private_key: X25519PrivateKey) -> Tuple[channels_pb2.CaseBody, bytes]:
    """Opens a sealed letter as `agency`; returns the letter and the content key."""
    public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    wanted = key_id(public)
    for entry in sealed.recipients:
        if entry.agency == agency and entry.key_id == wanted:
            key = _SUITE.decrypt(entry.encapsulated_key + entry.sealed_key, private_key, info=INFO)
            body = channels_pb2.CaseBody()
            body.ParseFromString(_gcm_open(key, sealed.ciphertext))
            return body, key
    raise ValueError(f"the body is not sealed for {agency}'s key {wanted}")


def seal_attachment(data: bytes, content_key: bytes) -> bytes:
    """Encrypts an attachment with the case's content key (12-byte nonce ‖ ciphertext ‖ tag)."""
    return _gcm_seal(content_key, data)


def open_attachment(sealed: bytes, content_key: bytes) -> bytes:
    """Decrypts an attachment sealed with the case's content key."""
    return _gcm_open(content_key, sealed)


def private_key_file(path: str) -> X25519PrivateKey:
    """Reads a sealing key file (64 hex digits, the raw X25519 private key)."""
    with open(path, encoding="utf-8") as f:
        raw = bytes.fromhex(f.read().strip())
    if len(raw) != 32:
        raise ValueError(f"{path} is not a sealing key (64 hexadecimal digits)")
    return X25519PrivateKey.from_private_bytes(raw)
