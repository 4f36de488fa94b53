"""The canonical encoding of SPEC.md §4b: each field preceded by its length, 8 bytes big-endian."""

from typing import Iterable, Union

Field = Union[bytes, str, int]


def canonical(fields: Iterable[Field]) -> bytes:
    """Length-prefixed concatenation: text as UTF-8, integers as 8 bytes big-endian (signed)."""
    out = bytearray()
    for field in fields:
        if isinstance(field, bool):
            raise TypeError("booleans have no canonical encoding")
        if isinstance(field, int):
            data = field.to_bytes(8, "big", signed=True)
        elif isinstance(field, str):
            data = field.encode("utf-8")
        else:
            data = bytes(field)
        out += len(data).to_bytes(8, "big") + data
    return bytes(out)
