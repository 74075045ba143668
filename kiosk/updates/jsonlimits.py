"""JSON from outside the device (a feed index, a bundle manifest) parsed only after its size and nesting
depth are checked, so no input can make the parser recurse until Python gives up (a ``RecursionError``
traceback: ``[`` × 60000 is enough) or hold more memory than the caller allows."""

from __future__ import annotations

import json
import re

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)  # a JSON string, escapes included
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_OPEN = frozenset(b"[{")


class JSONLimitError(ValueError):
    """The document is larger or more deeply nested than allowed (a ``ValueError``, as bad JSON is)."""


def loads(data: bytes, *, max_bytes: int, max_depth: int) -> object:
    """``json.loads(data)`` once ``data`` is at most ``max_bytes`` long and nested at most ``max_depth``
    deep (brackets inside strings do not count).

    :raise ValueError: not JSON, or beyond the limits (:class:`JSONLimitError`).
    """
    if len(data) > max_bytes:
        raise JSONLimitError(f"{len(data)} bytes, more than the {max_bytes} allowed")
    depth = 0
    for byte in _NOT_BRACKET.sub(b"", _STRING.sub(b"", data)):
        depth = depth + 1 if byte in _OPEN else depth - 1
        if depth > max_depth:
            raise JSONLimitError(f"nested more than {max_depth} deep")
    return json.loads(data)
