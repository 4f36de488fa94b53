"""Python client for the Liaison broker (see clients/python/README.md and Protocol/SPEC.md)."""

from .canonical import canonical
from .client import Agency, LiaisonClient, LiaisonError, Subscription
from .evidence import Evidence, verify_case, verify_event
from .sealing import identity, key_id, open_attachment, open_sealed, private_key_file, seal, seal_attachment
from .signing import payload, requires_signature, sign_request, verify_payload

__all__ = [
    "Agency", "Evidence", "LiaisonClient", "LiaisonError", "Subscription", "canonical", "identity", "key_id",
    "open_attachment", "open_sealed", "private_key_file", "payload", "requires_signature", "seal", "seal_attachment", "sign_request",
    "verify_case", "verify_event", "verify_payload",
]
