"""Request bodies that are not Unicode text: lone surrogates (escaped or raw) and other non-UTF-8 bytes."""

from __future__ import annotations

import json

import pytest

from assistant.serving.body_text import text_error


@pytest.mark.parametrize(
    "body",
    [
        b'{"question": "EDA \\ud800"}',
        b'{"question": "\\uDFFF EDA"}',
        b'{"question": "\\udbff"}',  # a high surrogate at the very end
        b'{"question": "\\\\\\ud800"}',  # an escaped backslash, then a real lone escape
        b'{"question": "\\udc00\\ud800"}',  # a low before a high is no pair
    ],
)
def test_lone_surrogate_escapes_are_named(body: bytes) -> None:
    problem = text_error(body)
    assert problem is not None and "lone UTF-16 surrogate" in problem and "remove it" in problem


def test_raw_surrogate_bytes_are_not_utf8() -> None:
    problem = text_error(b'{"question": "EDA ' + b"\xed\xa0\x80" + b'"}')
    assert problem == "the request body is not valid UTF-8 (byte 18): send JSON encoded as UTF-8"


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"question": "首台套 😀 EDA"}).encode(),  # an escaped pair: \ud83d\ude00
        json.dumps({"question": "首台套 😀 EDA"}, ensure_ascii=False).encode(),
        b'{"question": "a path C:\\\\ud800"}',  # the text \ud800, written with an escaped backslash
        b"",
    ],
)
def test_text_passes(body: bytes) -> None:
    assert text_error(body) is None
