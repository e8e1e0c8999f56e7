"""The Measures tab: search the measures in either language or by number, and read one in full."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.answering.composer import describe_rule
from assistant.corpus import Corpus, Policy
from assistant.policy import Clause
from assistant.serving.ui.cards import inert
from assistant.serving.ui.texts import Texts


def measures_tab(corpus: Corpus, texts: Texts) -> None:
    search = gr.Textbox(label=texts("search_measures"), placeholder=texts("search_placeholder"), elem_id="search")
    several = len(corpus.policies) > 1  # then measure numbers repeat, so rows name their document
    headers = [texts("measure_number"), texts("measure_title")] + ([texts("measure_document")] if several else [])
    with gr.Row():
        with gr.Column(scale=2):
            table = gr.Dataframe(
                value=measure_rows(corpus.clauses(), texts, several),
                headers=headers,
                datatype=["number", "str", "str"][: len(headers)],
                type="array",
                interactive=False,
                wrap=True,
                max_height=560,
                elem_id="measures",
            )
            empty = gr.Markdown(elem_id="measures-empty")
        detail = gr.Markdown(texts("select_measure"), container=True, elem_id="measure-detail")
    listed = gr.State([(policy.document.id, clause.number) for policy, clause in corpus.clauses()])

    def find(query: str) -> tuple[list[list[Any]], str, list[tuple[str, int]]]:
        hits = matching_measures(corpus, query)
        message = "" if hits else texts("no_measures", query=inert(query.strip()), count=len(corpus.clauses()))
        return measure_rows(hits, texts, several), message, [(p.document.id, c.number) for p, c in hits]

    def show(rows: list[tuple[str, int]], select: gr.SelectData) -> str:
        doc_id, number = rows[select.index[0]]
        policy = corpus.policy(doc_id)
        return measure_markdown(policy, policy.document.clause(number), texts)

    search.change(find, search, [table, empty, listed], queue=False)
    table.select(show, listed, detail, queue=False)


def _haystack(policy: Policy, clause: Clause) -> str:
    english = policy.english(clause)
    parts = [f"{clause.number} 第{clause.number}条 measure {clause.number}", clause.title, clause.text]
    if english:
        parts += [english.title, *english.sentences, *english.responsible_units]
    return "\n".join(parts).casefold()


def matching_measures(corpus: Corpus, query: str) -> list[tuple[Policy, Clause]]:
    """The measures whose number, Chinese or English text contains every word of the query."""
    words = query.casefold().split()
    return [(p, c) for p, c in corpus.clauses() if all(word in _haystack(p, c) for word in words)]


def measure_rows(hits: list[tuple[Policy, Clause]], texts: Texts, several: bool) -> list[list[Any]]:
    """Table rows titled in the UI's language, with the document's title when there are several."""
    rows = []
    for policy, clause in hits:
        english = policy.english(clause) if texts.lang == "en" else None
        rows.append([clause.number, english.title if english else clause.title, *([policy.document.title] * several)])
    return rows


def measure_markdown(policy: Policy, clause: Clause, texts: Texts) -> str:
    """A measure in full, in the UI's language: in English each translated sentence is followed by the
    Chinese original, which is the authority."""
    english = policy.english(clause) if texts.lang == "en" else None
    if english is None:
        lines = [f"### 第{clause.number}条 · {clause.title}", f"*{clause.section_title}*\n"]
        lines += [f"> {sentence.text}\n" for sentence in clause.sentences]
        lines.append(texts("responsible_units", units="、".join(clause.responsible_units)))
    else:
        section = policy.translation.sections.get(clause.section_number, "") if policy.translation else ""
        lines = [f"### Measure {clause.number} · {english.title}", f"*{section or clause.section_title}*\n"]
        for sentence in clause.sentences:
            lines += [f"> {english.sentences[sentence.index]}", f'>\n> <small lang="zh">{sentence.text}</small>\n']
        lines.append(texts("responsible_units", units="; ".join(english.responsible_units)))
    rules = policy.clause_rules(clause.number)
    if rules:
        lines.append(f"\n**{texts('support_rules')}**\n")
        lines += [f"- {describe_rule(rule, texts.lang) or rule.sentence}" for rule in rules]
    return "\n".join(lines)
