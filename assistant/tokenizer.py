"""Keyword tokens for BM25 over Chinese and English text: jieba words plus lower-cased English words."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

from assistant.amounts import find_amounts
from assistant.glossary import chinese_terms

jieba.setLogLevel(logging.WARNING)
for _term in chinese_terms():
    jieba.add_word(_term)

_WORD = re.compile(r"[\w%.&-]+")
_PUNCTUATION = re.compile(r"[\W_]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "be",
        "by",
        "with",
        "what",
        "which",
        "how",
        "much",
        "many",
        "can",
        "we",
        "our",
        "i",
        "my",
        "it",
        "this",
        "that",
        "does",
        "do",
        "any",
        "from",
        "as",
        "at",
        "if",
        "there",
        "their",
        "they",
        "you",
        "your",
        "will",
        "would",
        "should",
        "could",
        "may",
        "about",
        "into",
        "than",
        "up",
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "是",
        "在",
        "对",
        "为",
        "等",
        "其",
        "吗",
        "呢",
        "吧",
        "啊",
        "么",
        "什么",
        "怎么",
        "如何",
        "哪些",
        "多少",
        "可以",
        "能",
        "我们",
        "我",
        "公司",
        "企业",
    ]
)


def _stem(token: str) -> str:
    """A light English stem so 'tools'/'tool' and 'subsidies'/'subsidy' meet."""
    if token.isascii() and len(token) > 4:
        if token.endswith("ies"):
            return token[:-3] + "y"
        if token.endswith("s") and not token.endswith("ss"):
            return token[:-1]
    return token


def _is_keyword(token: str) -> bool:
    if not token or token in _STOP or token.replace(".", "").isdigit():
        return False
    return _WORD.fullmatch(token) is not None if token.isascii() else _PUNCTUATION.fullmatch(token) is None


def tokenize(text: str) -> list[str]:
    return list(_tokens(text))


@lru_cache(maxsize=8192)  # clause sentences are tokenized for every question: do it once
def _tokens(text: str) -> tuple[str, ...]:
    """Search-mode jieba words (so 集成电路 also yields 电路) without stop words, digits or punctuation.

    Money amounts become one token of their value in yuan, so "10亿", "10亿元" and "1 billion
    yuan" match each other.
    """
    words = [word for block in jieba.re_han_default.split(text.lower()) if block for word in _words(block)]
    return (*words, *(f"¥{amount.value.normalize():f}" for amount in find_amounts(text) if amount.has_unit))


@lru_cache(maxsize=16384)
def _words(block: str) -> tuple[str, ...]:
    """The keywords of one of jieba's own blocks (a run of letters, digits and 汉字, or what stands between two):
    segmented alone, a block gives what it gives inside the whole text, and a question is read in several variants
    (expanded, with its topic, its last sentence) that share most of their blocks."""
    return tuple(_stem(t) for t in (t.strip() for t in jieba.lcut_for_search(block)) if _is_keyword(t))
