"""What makes a request body unusable as text: bytes that are not UTF-8, and lone UTF-16 surrogates.

A lone surrogate is valid as a JSON escape (``"\\ud800"``), and Python's ``json`` even decodes raw
surrogate bytes, so it arrives in a ``str`` without complaint; the tokenizer, the UTF-8 encoder of a
response or sqlite then fail on it far from the input. The API refuses such bodies where every
request body enters (``assistant.serving.api``'s guard), so no field of any endpoint carries one inward.
"""

from __future__ import annotations

import re

# Left to right: an escaped backslash (so "\\ud800" is the text "\ud800", not an escape), a valid
# high+low pair, or a surrogate escape on its own.
_ESCAPES = re.compile(
    rb"\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|(?P<lone>\\u[dD][89a-fA-F][0-9a-fA-F]{2})"
)


def text_error(body: bytes) -> str | None:
    """Why ``body`` (a JSON text) cannot be read as Unicode text, saying what to send instead; None when it can."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"the request body is not valid UTF-8 (byte {error.start}): send JSON encoded as UTF-8"
    for match in _ESCAPES.finditer(body):
        if match["lone"]:
            escape = match["lone"].decode("ascii")
            return (
                f"the request body holds a lone UTF-16 surrogate ({escape}), which is not a character: "
                "send whole characters (an emoji cut in half leaves one) or remove it"
            )
    return None
