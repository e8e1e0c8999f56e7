"""The Match tab: a form in three sections (the enterprise; spending, output and land; other yes/no
conditions) whose result is the match report in the UI's language, shown and offered as a file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import gradio as gr
from gradio.processing_utils import save_bytes_to_cache
from pydantic import ValidationError

from assistant.corpus import Corpus
from assistant.matching.matcher import match
from assistant.matching.profile import INDUSTRIES, PROFILE_FIELDS, EnterpriseProfile, ProfileField, describe_errors
from assistant.matching.report import render_report
from assistant.serving.ui.cards import inert
from assistant.serving.ui.texts import Texts

UNKNOWN, YES, NO = "unknown", "yes", "no"
BASICS = ("industries", "registered_in_shanghai", "large_enterprise")  # asked first: most measures turn on them


def match_tab(corpus: Corpus, corpus_fingerprint: str, texts: Texts) -> None:
    gr.Markdown(texts("match_intro"))
    paths: list[str] = []
    inputs: list[gr.components.Component] = []

    def section(belongs: Callable[[ProfileField], bool]) -> None:
        with gr.Row():
            for field in PROFILE_FIELDS.values():
                if belongs(field):
                    paths.append(field.path)
                    inputs.append(_profile_input(field, texts))

    with gr.Accordion(texts("match_basics"), open=True):
        name = gr.Textbox(label=texts("enterprise_name"), elem_id="enterprise-name")
        section(lambda field: field.path in BASICS)
    with gr.Accordion(texts("match_money"), open=True):
        section(lambda field: field.kind in ("money", "area"))
    with gr.Accordion(texts("match_conditions"), open=False):
        section(lambda field: field.kind == "bool" and field.path not in BASICS)
    notes = gr.Textbox(label=texts("notes"), lines=2)
    run = gr.Button(texts("match"), variant="primary")
    output = gr.Markdown(container=True, elem_id="match-result")
    download = gr.File(label=texts("download_report"), elem_id="match-report", visible=False)  # until a report

    def run_match(name: str, notes: str, *values: Any) -> tuple[str, Any]:
        try:
            profile = profile_from_form(name, notes, dict(zip(paths, values, strict=True)))
        except ValidationError as error:
            return texts("check_form", errors=inert(describe_errors(error))), gr.File(value=None, visible=False)
        today = date.today()
        report = render_report(match(profile, corpus), texts.lang, corpus_fingerprint, today)
        # Straight into Gradio's own file cache (one file per distinct report), which it serves and clears.
        path = save_bytes_to_cache(
            report.encode("utf-8"), f"policy-match-{today.isoformat()}.md", download.GRADIO_CACHE
        )
        return inert(report), gr.File(value=path, visible=True)

    run.click(run_match, [name, notes, *inputs], [output, download])


def _profile_input(field: ProfileField, texts: Texts) -> gr.components.Component:
    label = getattr(field, f"label_{texts.lang}")
    if field.kind == "bool":
        answers = [(texts("answer_unknown"), UNKNOWN), (texts("answer_yes"), YES), (texts("answer_no"), NO)]
        return gr.Radio(answers, value=UNKNOWN, label=label, min_width=220)
    if field.kind == "industries":
        names = [(zh if texts.lang == "zh" else en, key) for key, (zh, en) in INDUSTRIES.items()]
        return gr.CheckboxGroup(names, label=label)
    example = texts("area_placeholder") if field.kind == "area" else texts("amount_placeholder")
    return gr.Textbox(label=label, placeholder=example, min_width=220)


def profile_from_form(name: str, notes: str, answers: dict[str, Any]) -> EnterpriseProfile:
    """The form's answers by field path as a profile; blanks, 'Unknown' and no ticks stay unknown."""
    data: dict[str, Any] = {"name": name.strip(), "notes": notes.strip()}
    for path, value in answers.items():
        if value is None or value == UNKNOWN or not (value.strip() if isinstance(value, str) else value):
            continue
        group, _, leaf = path.rpartition(".")
        (data.setdefault(group, {}) if group else data)[leaf] = (
            value == YES if PROFILE_FIELDS[path].kind == "bool" else value
        )
    return EnterpriseProfile.model_validate(data)
