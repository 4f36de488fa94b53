"""Checks this client against the broker's test vectors (Protocol/testdata): the canonical bytes of
signed actions, their signatures, sealed clues opened and sealed again.

    python -m liaison_client.vectors Protocol/testdata
"""

import json
import os
import sys

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_private_key, \
    load_pem_public_key
from google.protobuf import json_format

from liaison.v1 import actions_pb2, channels_pb2

from . import sealing
from .signing import payload, verify_payload


def check_signing(path: str) -> list:
    """Problems found in signing.json (empty when every vector holds)."""
    with open(path, encoding="utf-8") as f:
        file = json.load(f)
    public = load_pem_public_key(file["public_key_pem"].encode())
    private = load_pem_private_key(file["private_key_pem"].encode(), password=None)
    problems = []
    for vector in file["vectors"]:
        name = vector["name"]
        body = json_format.ParseDict(vector["body_json"], actions_pb2.ActionBody())
        if body.SerializeToString(deterministic=True).hex() != vector["body_hex"]:
            problems.append(f"{name}: the body's protobuf encoding differs")
        data = payload(vector["case_id"], vector["action"], body, vector["attachments"], vector["signed_at_ms"])
        if data.hex() != vector["canonical_hex"]:
            problems.append(f"{name}: the canonical bytes differ")
        if not verify_payload(public, bytes.fromhex(vector["signature_der_hex"]), data):
            problems.append(f"{name}: the published signature does not verify")
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        if not verify_payload(public, private.sign(data, ec.ECDSA(hashes.SHA256())), data):
            problems.append(f"{name}: a new signature does not verify")
        print(f"signing  {name}: {'ok' if not problems else 'FAILED'}")
    return problems


def check_sealing(path: str) -> list:
    """Problems found in sealing.json (empty when every vector holds)."""
    with open(path, encoding="utf-8") as f:
        file = json.load(f)
    keys = [(r["agency"], X25519PrivateKey.from_private_bytes(bytes.fromhex(r["private_key_hex"])))
            for r in file["recipients"]]
    problems = []
    for vector in file["vectors"]:
        name = vector["name"]
        sealed = channels_pb2.SealedBody()
        sealed.ParseFromString(bytes.fromhex(vector["sealed_body_hex"]))
        plaintext = json_format.ParseDict(vector["plaintext_json"], channels_pb2.CaseBody())
        if plaintext.SerializeToString(deterministic=True).hex() != vector["plaintext_hex"]:
            problems.append(f"{name}: the letter's protobuf encoding differs")
        if sealing.identity(plaintext, vector["idempotency_key"]).hex() != vector["identity_hex"]:
            problems.append(f"{name}: the identity differs")
        for agency, key in keys[:vector["recipients"]]:
            body, content_key = sealing.open_sealed(sealed, agency, key)
            if body.SerializeToString(deterministic=True).hex() != vector["plaintext_hex"]:
                problems.append(f"{name}: {agency} opens a different letter")
            if content_key.hex() != vector["content_key_hex"]:
                problems.append(f"{name}: {agency} opens a different content key")
            for attachment in vector["attachments"]:
                opened = sealing.open_attachment(bytes.fromhex(attachment["sealed_hex"]), content_key)
                if opened.hex() != attachment["plaintext_hex"]:
                    problems.append(f"{name}: an attachment opens to other bytes")
        # Sealed again here, it opens again with the same keys.
        recipients = [(a, k.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)) for a, k in keys]
        again, _ = sealing.seal(plaintext, recipients[:vector["recipients"]], vector["idempotency_key"])
        for agency, key in keys[:vector["recipients"]]:
            if sealing.open_sealed(again, agency, key)[0] != plaintext:
                problems.append(f"{name}: sealed here, it does not open for {agency}")
        if again.identity.hex() != vector["identity_hex"]:
            problems.append(f"{name}: sealed here, the identity differs")
        print(f"sealing  {name}: {'ok' if not problems else 'FAILED'}")
    return problems


def main(argv: list) -> int:
    folder = argv[1] if len(argv) > 1 else "Protocol/testdata"
    problems = check_signing(os.path.join(folder, "signing.json")) + check_sealing(os.path.join(folder, "sealing.json"))
    for problem in problems:
        print(f"  {problem}")
    print("test vectors: " + ("all hold" if not problems else f"{len(problems)} problem(s)"))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
