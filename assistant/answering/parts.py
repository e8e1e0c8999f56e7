"""Questions that ask several things at once, read as their parts: each part is answered on its own.

An asker often puts two questions in one message ("EDA花了300万能补多少？另外首台套的上限是多少？", "Two questions:
(1) … (2) …", "一是… 二是… 这两项分别能拿多少？", "how much support, and from what date do the measures apply?").
Planned whole, such a message gets one measure and one kind of answer, so the second question goes unanswered.
Only explicit signs split a message: numbered items, an announced number of questions followed by as many question
sentences, a sentence opened by a word that starts another question (另外, 顺便问下, Separately, Also), or a comma
followed by "and" and a question word. What the asker says before the parts (who they are, their figures) is
kept with every part; an ask after the last item that speaks of each (这两项分别…, what would each get) is added to
every item.
"""

from __future__ import annotations

import re
from itertools import pairwise

from assistant.answering.planner import meta_topic
from assistant.language import Language
from assistant.result import AnswerResult
from assistant.templates import render

_END = r"[。！？?!；;]"
# an English full stop ends a sentence too (not one inside a figure: 1.5m)
_SENTENCES = re.compile(rf"(?:[^。！？?!；;.]|\.(?!\s|$))*(?:(?:{_END}|\.(?=\s|$))+|$)")
_ANNOUNCED = re.compile(
    r"(?:问两个(?:问题)?|两个问题|问题有两个|请教两个问题|问两件事|(?:two|2|a couple of) questions|two things)\s*[:：]",
    re.IGNORECASE,
)
# Numbered items: (1) （1） 1) ① 一是 First, — each kind counted in order, from its first.
_NUMBERINGS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"[(（]\s*([1-5])\s*[)）]"), ("1", "2", "3", "4", "5")),
    (re.compile(r"(?:^|(?<=[\s，,：:；;。？?]))([1-5])[)）](?!\d)"), ("1", "2", "3", "4", "5")),
    (re.compile(r"([①②③④⑤])"), ("①", "②", "③", "④", "⑤")),
    (re.compile(r"(?:^|(?<=[\s，,：:；;。？?]))([一二三四五])是"), ("一", "二", "三", "四", "五")),
    (re.compile(r"(?:^|(?<=[\s,:;.?]))(First|Second|Third)(?:ly)?\b\s*[,:]"), ("First", "Second", "Third")),
)
_CONNECTOR = re.compile(
    rf"(?:(?<={_END})|(?<=[.!?]\s)|^)\s*(?:另外|此外|还有(?:一|个|一个)?问题|还有(?:就是)?(?=[^。！？?!；;]*[？?])|另一个问题|顺便(?:问|请教)(?:一下|下|问)?|再问(?:一下|下)?|"
    r"还想问(?:一下|下)?|也想问(?:一下|下)?|Also|Separately|Additionally|In addition|Plus|One more thing|"
    r"Another question)\s*[,，:：]?\s*|"
    r",?\s+and\s+(?:separately|additionally|as a separate question)\s*,?\s*|"  # … for X and separately the max for Y?
    r"(?:再|在)问(?:一下|下)|顺便(?:问|请教)(?:一下|下)",  # mid-sentence in text typed by voice (在: its slip for 再)
    re.IGNORECASE,
)
_AND_ASKS = re.compile(r",\s+and\s+(?=(?:from |since |until |by |in |on |for )?(?:what|when|which|who|how|whether)\b)")
# a piece that asks, not one that states (能不能, 有没有: a question typed without its question mark)
_QUESTION = re.compile(r"[？?]|多少|几|吗|什么|哪|怎么|是否|能否|可否|能不能|可不可以|有没有|是不是|够不够")
_WH = re.compile(r"\b(?:what|whats|how|when|which|who|whether)\b", re.IGNORECASE)
_ASKED = re.compile(r"[？?]\s*$")  # a sentence that ends as a question
_EACH = re.compile(
    r"分别|各自|各能|各可|这两项|这两个|两项|两者|(?:\s+(?:for|of|on))?\s+each\b|\s+both\b|\s+respectively\b",
    re.IGNORECASE,
)
MIN_PART = 4  # characters: shorter is a fragment, not a question


def asked_parts(text: str) -> list[str]:
    """The questions ``text`` asks, each standing alone; ``[text]`` when it asks one thing (or no sign says more)."""
    for split in (_numbered, _announced, _connected, _and_asks):
        parts = split(text)
        if parts is not None and len(parts) > 1 and all(len(part.strip()) >= MIN_PART for part in parts):
            return [part.strip() for part in parts]
    return [text]


def _join(*pieces: str) -> str:
    return " ".join(piece.strip(" ，,；;") for piece in pieces if piece.strip(" ，,；;"))


def _preamble(text: str) -> str:
    """What comes before the first question, less an announcement of how many follow (问两个：, Two questions:)."""
    return _ANNOUNCED.sub("", text)


def _numbered(text: str) -> list[str] | None:
    """(1)… (2)…, 一是…二是…: each item, with what comes before the first and an ask of each after the last."""
    for pattern, order in _NUMBERINGS:
        marks = list(pattern.finditer(text))
        firsts = [mark for mark in marks if mark.group(1) == order[0]]
        if not firsts:
            continue
        items: list[re.Match[str]] = [firsts[0]]
        for mark in marks:
            if mark.start() > items[-1].start() and len(items) < len(order) and mark.group(1) == order[len(items)]:
                items.append(mark)
        if len(items) < 2:
            continue
        bodies = [text[mark.end() : after.start()] for mark, after in pairwise(items)]
        last = text[items[-1].end() :]
        sentences = [s for s in _SENTENCES.findall(last) if s.strip()]
        shared = ""
        if len(sentences) > 1 and _EACH.search("".join(sentences[1:])):  # 二是…。这两项分别能拿多少？
            shared, last = _EACH.sub("", "".join(sentences[1:])), sentences[0]
        preamble = _preamble(text[: items[0].start()])
        return [_join(preamble, body, shared) for body in [*bodies, last]]
    return None


def _announced(text: str) -> list[str] | None:
    """问两个：A？B？ / Two questions: A? B? — each question sentence after the announcement."""
    announced = _ANNOUNCED.search(text)
    if announced is None:
        return None
    questions = [s for s in _SENTENCES.findall(text[announced.end() :]) if s.strip()]
    if len(questions) < 2 or not all(_ASKED.search(s) for s in questions):
        return None
    return [_join(text[: announced.start()], question) for question in questions]


def _connected(text: str) -> list[str] | None:
    """A sentence opened by 另外 / 顺便问下 / Separately asks another question; the sentences that only state facts
    before the first question go with it too."""
    opened = [m for m in _CONNECTOR.finditer(text) if m.end() > m.start() and m.start() > 0]
    if not opened:
        return None
    cuts = [0, *(m.start() for m in opened), len(text)]
    pieces = [text[start:end] for start, end in pairwise(cuts)]
    pieces = [pieces[0], *(_CONNECTOR.sub("", piece, count=1) for piece in pieces[1:])]
    if not all(_QUESTION.search(piece) or _WH.search(piece) for piece in pieces):
        return None
    sentences = [s for s in _SENTENCES.findall(pieces[0]) if s.strip()]
    facts = "".join(s for s in sentences[:-1] if not _ASKED.search(s))
    return [pieces[0], *(_join(facts, piece) for piece in pieces[1:])]


def _and_asks(text: str) -> list[str] | None:
    """how much support, and from what date do the measures apply? — an ask about the document itself stands
    alone; any other ask joined by "and" leans on the first ("…in Lingang, and who can trade there?") and stays."""
    joined = _AND_ASKS.search(text)
    if joined is None:
        return None
    first, second = text[: joined.start()], text[joined.end() :]
    if not (_QUESTION.search(first) or _WH.search(first)) or meta_topic(second) is None:
        return None
    return [f"{first}?", second]


def _shown(question: str) -> str:
    """A part as its heading shows it: one line, the asker's characters never read as markup."""
    line = " ".join(question.split()).replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]#|])", r"\\\1", line)


def merge_parts(question: str, language: Language, parts: list[tuple[str, AnswerResult]]) -> AnswerResult:
    """One result for a message asked in ``parts``: each part's answer under its question, in order.

    The first part that computes an amount gives ``calculation``; every part's amounts are ``items``. A part
    answered as another already was (the same text) is shown once. The message is declined only when every part is,
    and then as its first part is.
    """
    distinct: list[tuple[str, AnswerResult]] = []
    for part in parts:
        if all(part[1].answer != seen.answer for _, seen in distinct):
            distinct.append(part)
    results = [result for _, result in distinct]
    if len(distinct) == 1:
        return results[0].model_copy(update={"question": question})
    answered = [result for result in results if not result.refused] or results
    lead = answered[0]
    text = render(
        f"parts.{language}.md",
        parts=[{"question": _shown(part), "answer": result.answer.strip()} for part, result in distinct],
    )
    citations = list({(c.doc_id, c.clause, c.quote): c for result in results for c in result.citations}.values())
    retrieved = list(dict.fromkeys(pair for r in results for pair in zip(_docs(r), r.retrieved, strict=True)))
    calculations = [result.calculation for result in results if result.calculation is not None]
    verdicts = [result.eligible for result in results if result.eligible is not None]
    return lead.model_copy(
        update={
            "question": question,
            "language": language,
            "answer": text,
            "citations": citations,
            "retrieved": [clause for _, clause in retrieved],
            "retrieved_docs": [doc for doc, _ in retrieved],
            "calculation": calculations[0] if calculations else None,
            "items": [item for result in results for item in (result.items or [result.calculation]) if item],
            "eligible": verdicts[0] if verdicts else None,
            "checklist": [check for result in results for check in result.checklist],
            "refused": all(result.refused for result in results),
            "refusal_reason": lead.refusal_reason if all(result.refused for result in results) else None,
            "fallback": "; ".join(result.fallback for result in results if result.fallback) or None,
            "documents": [figure for result in results for figure in result.documents],
            "resolved_question": None,
        }
    )


def _docs(result: AnswerResult) -> list[str]:
    return result.retrieved_docs or [""] * len(result.retrieved)
