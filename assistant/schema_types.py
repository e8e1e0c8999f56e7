"""Request field types whose OpenAPI schema is the whole truth: what the schema rejects, the API rejects.

Pydantic's lax mode reads ``0``, ``1``, ``"yes"`` and ``"off"`` as booleans, which the schema's
``"type": "boolean"`` does not allow, so clients and fuzzers were told one thing and served another.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

# What JSON Schema says for "not empty and not only spaces". Declared on text the endpoints check
# themselves (questions, rule ids), so the refusal keeps their message saying what to write instead.
NOT_BLANK: dict[str, Any] = {"minLength": 1, "pattern": r"\S"}


def _flag(value: object) -> object:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}: write a JSON boolean (not 0, 1 or a string)")
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]
