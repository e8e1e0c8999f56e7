"""Strict rendering of the templates in ``prompts/``: a variable the caller forgot raises, never renders blank."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, StrictUndefined, meta


class MissingVariablesError(KeyError):
    """A template needs variables the caller did not pass."""

    def __init__(self, template: str, missing: set[str]) -> None:
        super().__init__(f"template {template!r} needs {', '.join(sorted(missing))}: pass them to render()")
        self.missing = missing


_ENV = Environment(undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False)


@cache
def _source(name: str) -> str:
    return (resources.files("prompts") / name).read_text(encoding="utf-8")


@cache
def _compiled(name: str) -> tuple[Any, frozenset[str]]:
    source = _source(name)
    return _ENV.from_string(source), frozenset(meta.find_undeclared_variables(_ENV.parse(source)))


def render(name: str, **variables: Any) -> str:
    """Render ``prompts/<name>``; every top-level variable it uses must be given."""
    template, needed = _compiled(name)
    missing = set(needed) - set(variables)
    if missing:
        raise MissingVariablesError(name, missing)
    return template.render(**variables).strip() + "\n"


@cache
def labels(lang: str) -> dict[str, str]:
    """Short phrases per language (calculation step labels, meta answer leads)."""
    return json.loads(_source("labels.json"))[lang]
