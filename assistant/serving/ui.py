"""The web UI: a bilingual chat with streamed, cited answers, a measure browser and the calculators as forms.

Everything shown is bilingual (Chinese first) so a Chinese or English speaker can use it without a
manual; every figure comes from the same assistant, corpus and calculators as the CLI and the API.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import gradio as gr
from gradio.processing_utils import save_bytes_to_cache
from pydantic import ValidationError

from assistant.amounts import AmountError, format_cny, format_yuan, parse_amount
from assistant.answering.composer import describe_rule
from assistant.calculators import Calculation, CalculationError, Step, calculate_support, check_threshold
from assistant.conversation import Turn
from assistant.corpus import Corpus, Policy
from assistant.language import Language
from assistant.matching.matcher import match
from assistant.matching.profile import INDUSTRIES, PROFILE_FIELDS, EnterpriseProfile, ProfileField, describe_errors
from assistant.matching.report import render_report
from assistant.policy import Clause
from assistant.result import AnswerResult, CalculationResult, Check, Citation
from assistant.rules import SupportRule
from assistant.serving.feedback import FeedbackStore
from assistant.serving.redaction import without_paths
from assistant.serving.service import AssistantService, NotReadyError
from assistant.serving.storage import StorageError
from assistant.settings import Settings
from assistant.templates import labels
from embeddings.index import fingerprint

EXAMPLES = (
    "Which support applies to a new EDA tool purchase?",
    "首台套设备合同1亿,最多补多少?",
    "我们年产值8000万,能拿智能工厂诊断的券值奖励吗?",
    "When does it take effect?",
)
# The assistant answers in one go; the text is revealed in pieces so a long answer reads as it arrives.
STREAM_PIECES = 40
STREAM_PAUSE_SECONDS = 0.02
Messages = list[dict[str, Any]]
# Shown over a deterministic answer that replaced an LLM's. Not the reason: it may name the very figure the
# guard kept from the user (the structured result has it).
FALLBACK_NOTE = "*未采用模型回答，以下为标准回答 · The model's answer was not used; here is the standard answer.*"


def build_ui(service: AssistantService) -> gr.Blocks:
    corpus = service.corpus()
    with gr.Blocks(title="政策助手 · Policy Assistant") as blocks:
        gr.Markdown(_intro(corpus.policy(), service))
        with gr.Tabs():
            with gr.Tab("问答 · Ask"):
                _chat_tab(service, FeedbackStore(service.settings.feedback_db))
            with gr.Tab("措施 · Measures"):
                _measures_tab(corpus)
            with gr.Tab("计算器 · Calculators"):
                _calculator_tab(corpus)
            with gr.Tab("政策匹配 · Match"):
                _match_tab(corpus, fingerprint(corpus, service.settings.embedding_model))
    return blocks


def _intro(policy: Policy, service: AssistantService) -> str:
    english = policy.translation.title if policy.translation else ""
    lines = [
        "## 政策助手 · Policy Assistant",
        f"《{policy.document.title}》" + (f" · *{english}*" if english else ""),
        "用中文或英文提问，每个回答都引用原文条款；点回答下方的赞或踩来评价。"
        " · Ask in Chinese or English: every answer quotes the measures it rests on;"
        " rate an answer with the thumbs below it.",
    ]
    if not service.ready:
        lines.append(f"**问答暂不可用 · Questions cannot be answered yet:** {service.public_reason}")
    return "\n\n".join(lines)


# --- chat -----------------------------------------------------------------------------------------


def _chat_tab(service: AssistantService, store: FeedbackStore) -> None:
    chatbot = gr.Chatbot(
        label="对话 · Conversation",
        elem_id="chat",
        height=560,
        buttons=["copy"],
        placeholder="请提问，或点击下面的示例 · Ask a question, or click an example below",
    )
    results = gr.State({})  # assistant message index -> AnswerResult JSON, for the thumbs
    rated = gr.State({})  # assistant message index -> feedback id, so a second click changes that rating
    last_rated = gr.State(None)  # the feedback id a comment attaches to
    with gr.Row():
        question = gr.Textbox(
            show_label=False, placeholder="用中文或英文提问 · Ask in Chinese or English", scale=6, max_lines=4
        )
        send = gr.Button("发送 · Send", variant="primary", scale=1)
        policies = service.corpus().policies
        document = gr.Dropdown(
            [("全部文件 · All documents", ""), *((p.document.title, p.document.id) for p in policies)],
            value="",
            label="文件 · Document",
            elem_id="document",
            scale=2,
            visible=len(policies) > 1,  # with one policy there is nothing to choose
        )
    with gr.Row():
        examples = [gr.Button(text, size="sm", variant="secondary") for text in EXAMPLES]
    with gr.Row():
        comment = gr.Textbox(
            label="评论（可选）· Comment (optional)",
            placeholder="先点赞或踩，再写评论 · Rate an answer with a thumb first, then comment here",
            scale=6,
        )
        send_comment = gr.Button("提交评论 · Send comment", scale=1)
    feedback_status = gr.Markdown(elem_id="feedback-status")

    def ask(
        text: str, history: Messages, answers: dict[int, str], doc: str
    ) -> Iterator[tuple[Messages, str, dict[int, str]]]:
        text = text.strip()
        if not text:
            yield history, "", answers
            return
        history = [*history, {"role": "user", "content": inert(text)}, {"role": "assistant", "content": ""}]
        yield history, "", answers
        try:
            events = service.assistant().answer_stream(text, doc or None, last_turn(answers))
        except NotReadyError as error:
            history[-1]["content"] = f"**问答暂不可用 · The assistant is not ready:** {error}"
            yield history, "", answers
            return
        shown = ""
        for event in events:
            if isinstance(event, AnswerResult):
                result = event
            else:  # an LLM's sentences, already past the figure guard
                shown += event
                history[-1]["content"] = inert(shown)
                yield history, "", answers
        if not shown:  # a template answer arrives whole: reveal it a few characters at a time
            for piece in stream_pieces(result.answer):
                history[-1]["content"] = inert(piece)
                yield history, "", answers
                time.sleep(STREAM_PAUSE_SECONDS)
        # The final message replaces what streamed, including an LLM answer the guard stopped.
        history[-1]["content"] = answer_message(result, service.corpus())
        yield history, "", {**answers, len(history) - 1: result.model_dump_json()}

    def rate(
        answers: dict[int, str], ratings: dict[int, int], like: gr.LikeData
    ) -> tuple[dict[int, int], int | None, str]:
        index = like.index if isinstance(like.index, int) else like.index[0]
        if index not in answers:
            return ratings, None, "只能评价助手的回答 · Only the assistant's answers can be rated."
        result = AnswerResult.model_validate_json(answers[index])
        feedback_id = ratings.get(index)
        try:
            if like.liked not in (True, False):  # the thumb was clicked again: rating taken back
                if feedback_id is not None:
                    store.delete(feedback_id)
                return {k: v for k, v in ratings.items() if k != index}, None, "已撤销评价 · Rating removed."
            rating = 1 if like.liked else -1
            if feedback_id is None:
                feedback_id = store.record(result.question, answers[index], rating)
            else:
                store.update(feedback_id, rating=rating)
        except StorageError as error:
            return ratings, None, unsaved_feedback(error, [result.language], service.settings)
        thanks = "谢谢！· Thanks!" if rating == 1 else "谢谢，我们会检查这个回答。· Thanks, we will review this answer."
        return (
            {**ratings, index: feedback_id},
            feedback_id,
            f"{thanks} 可在上方补充评论 · Add a comment above if you like.",
        )

    def add_comment(text: str, feedback_id: int | None) -> tuple[str, str]:
        if feedback_id is None:
            return text, "请先点赞或踩一个回答 · Rate an answer with a thumb first."
        try:
            store.update(feedback_id, comment=text.strip())
        except StorageError as error:
            return text, unsaved_feedback(error, ["zh", "en"], service.settings)
        return "", "评论已保存 · Comment saved."

    chat_io = {"inputs": [question, chatbot, results, document], "outputs": [chatbot, question, results]}
    question.submit(ask, **chat_io)
    send.click(ask, **chat_io)
    for button in examples:
        button.click(ask, inputs=[button, chatbot, results, document], outputs=chat_io["outputs"])
    chatbot.like(rate, [results, rated], [rated, last_rated, feedback_status])
    chatbot.clear(lambda: ({}, {}, None), None, [results, rated, last_rated])  # indexes restart after a clear
    comment_io = {"inputs": [comment, last_rated], "outputs": [comment, feedback_status]}
    comment.submit(add_comment, **comment_io)
    send_comment.click(add_comment, **comment_io)


def unsaved_feedback(error: StorageError, languages: list[Language], settings: Settings) -> str:
    """Why a rating or comment was not kept, in the asker's language, naming the folder by its setting."""
    folder = without_paths(str(error.path.parent), settings)
    lines = {
        "zh": f"**反馈未能保存**：{'磁盘已满' if error.full else '数据目录不可写'}。"
        f"请管理员为 {folder} 开放写权限（或释放空间），或将 ASSISTANT_DATA_DIR 设为可写目录。",
        "en": "**Feedback could not be saved:** "
        f"{'the disk is full' if error.full else 'the data folder is not writable'}. "
        f"The administrator needs to give write access to {folder} (or free space), "
        "or set ASSISTANT_DATA_DIR to a writable folder.",
    }
    return " · ".join(lines[lang] for lang in languages)


def stream_pieces(text: str, pieces: int = STREAM_PIECES) -> Iterator[str]:
    """Growing prefixes of the text, a few characters more each time, ending with the whole text."""
    size = max(4, math.ceil(len(text) / pieces))
    for end in range(size, len(text) + size, size):
        yield text[:end]


def last_turn(answers: dict[int, str]) -> Turn | None:
    """This tab's conversation so far: the latest answered turn (the answers are kept in order)."""
    for index in sorted(answers, reverse=True):
        turn = Turn.from_result(AnswerResult.model_validate_json(answers[index]))
        if turn.answered:
            return turn
    return None


def answer_message(result: AnswerResult, corpus: Corpus) -> str:
    """The answer's markdown (after how a follow-up was read) and its calculation and citation cards."""
    calculations = result.items or ([result.calculation] if result.calculation else [])
    cards = [checklist_card(result.checklist)] if result.checklist else []
    cards += [calculation_card(c) for c in calculations]
    cards += [citation_card(c, corpus) for c in result.citations]
    read_as = (
        [f"*接上文理解为 · Read as a follow-up to:* {inert(result.resolved_question)}"]
        if result.resolved_question
        else []
    )
    fallback = [FALLBACK_NOTE] if result.fallback else []
    return "\n\n".join([*read_as, *fallback, inert(result.answer), *cards])


def inert(markdown: str) -> str:
    """Markdown that may hold what a user typed, with any HTML in it shown as text instead of rendered
    (an ``<img src=…>`` would be fetched); '>' stays, so Markdown quotes still work."""
    return markdown.replace("&", "&amp;").replace("<", "&lt;")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


# Inline, because the mounted app carries no custom CSS and the chat's sanitizer keeps style attributes.
CARD_STYLE = "border:1px solid #d0d7de;border-radius:8px;padding:4px 12px;margin:8px 0"
SUMMARY_STYLE = "cursor:pointer;font-weight:600"


def _card(kind: str, summary: str, body: str) -> str:
    """A collapsed <details> card, on one line so the markdown renderer passes it through as HTML."""
    return (
        f'<details class="{kind}" style="{CARD_STYLE}"><summary style="{SUMMARY_STYLE}">{summary}</summary>'
        f"{body}</details>"
    )


_STATUS = {"met": "✓ 满足 · met", "not_met": "✗ 不满足 · not met", "unknown": "? 未说明 · not stated"}


def checklist_card(checklist: list[Check]) -> str:
    """Each condition of an eligibility verdict with its status, what the question stated and the sentence."""
    rows = "".join(
        f"<li><b>{_esc(_STATUS[check.status])}</b> {_esc(check.condition)}"
        + (f" — {_esc(check.stated)}" if check.status != "unknown" else "")
        + f'<br><small>第{check.clause}条 · Measure {check.clause}: <q lang="zh">{_esc(check.quote)}</q></small></li>'
        for check in checklist
    )
    failed = sum(check.status == "not_met" for check in checklist)
    summary = f"条件核对 · Checklist — {len(checklist)} 项 · conditions" + (f", {failed} ✗" if failed else "")
    return _card("checklist", summary, f"<ul>{rows}</ul>")


def calculation_card(calculation: CalculationResult) -> str:
    """The working of one calculation; its summary already shows the amount in yuan and 万元."""
    steps = "".join(f"<li>{_esc(step)}</li>" for step in calculation.steps)
    amount = (
        f"{format_yuan(Decimal(calculation.amount))} 平方米 / m²"
        if calculation.amount_yuan is None
        else f"{calculation.amount_yuan:,} 元 / yuan ({format_cny(Decimal(calculation.amount_yuan))})"
    )
    summary = f"计算 · Calculation — 第{calculation.clause}条 · Measure {calculation.clause}: {_esc(amount)}"
    return _card("calculation", summary, f"<ol>{steps}</ol><p>结果 · Result: <b>{_esc(amount)}</b></p>")


def citation_card(citation: Citation, corpus: Corpus) -> str:
    """One cited measure: number, titles, the quote in Chinese and English, the responsible units in both."""
    policy = corpus.policy(citation.doc_id)
    clause = policy.document.clause(citation.clause)
    english = policy.english(clause)
    title_en = english.title if english else ""
    units_zh = "、".join(clause.responsible_units)  # the citation carries them in the answer's language only
    units_en = "; ".join(english.responsible_units) if english else ""
    summary = f"引用 · Source — 第{citation.clause}条 · {_esc(citation.title)}"
    summary += f" · Measure {citation.clause} · {_esc(title_en)}" if title_en else ""
    quote_en = f'<blockquote lang="en">{_esc(citation.quote_en)}</blockquote>' if citation.quote_en else ""
    units = f"责任单位：{_esc(units_zh)}" + (f"<br>Responsible units: {_esc(units_en)}" if units_en else "")
    return _card(
        "citation", summary, f'<blockquote lang="zh">{_esc(citation.quote)}</blockquote>{quote_en}<p>{units}</p>'
    )


# --- measures -------------------------------------------------------------------------------------

MEASURE_HEADERS = ["No.", "措施", "Measure", "文件 · Document"]


def _measures_tab(corpus: Corpus) -> None:
    search = gr.Textbox(
        label="搜索措施 · Search the measures", placeholder="如 e.g. EDA、首台套、智能工厂、land、talent、13"
    )
    with gr.Row():
        table = gr.Dataframe(
            value=measure_rows(corpus, ""),
            headers=MEASURE_HEADERS,
            datatype=["number", "str", "str", "str"],
            type="array",
            interactive=False,
            wrap=True,
            max_height=620,
            scale=2,
            elem_id="measures",
        )
        detail = gr.Markdown(
            "选择一条措施查看全文 · Select a measure to read it in full", container=True, elem_id="measure-detail"
        )

    def show(select: gr.SelectData) -> str:
        number, *_, doc_id = select.row_value
        policy = corpus.policy(doc_id)
        return measure_markdown(policy, policy.document.clause(int(number)))

    search.change(lambda text: measure_rows(corpus, text), search, table, queue=False)
    table.select(show, None, detail, queue=False)


def _haystack(policy: Policy, clause: Clause) -> str:
    english = policy.english(clause)
    parts = [f"{clause.number} 第{clause.number}条 measure {clause.number}", clause.title, clause.text]
    if english:
        parts += [english.title, *english.sentences, *english.responsible_units]
    return "\n".join(parts).casefold()


def measure_rows(corpus: Corpus, query: str) -> list[list[Any]]:
    """The measures whose number, Chinese or English text contains every word of the query."""
    words = query.casefold().split()
    rows = []
    for policy, clause in corpus.clauses():
        haystack = _haystack(policy, clause)
        if all(word in haystack for word in words):
            english = policy.english(clause)
            rows.append([clause.number, clause.title, english.title if english else "", policy.document.id])
    return rows


def measure_markdown(policy: Policy, clause: Clause) -> str:
    """A measure in full: Chinese and English sentence by sentence, responsible units, support rules."""
    english = policy.english(clause)
    section_en = policy.translation.sections.get(clause.section_number, "") if policy.translation else ""
    lines = [f"### 第{clause.number}条 · {clause.title}"]
    if english:
        lines.append(f"### Measure {clause.number} · {english.title}")
    lines.append(f"*{clause.section_title}{' · ' + section_en if section_en else ''}*\n")
    for sentence in clause.sentences:
        lines.append(f"> {sentence.text}")
        if english:
            lines.append(f">\n> *{english.sentences[sentence.index]}*")
        lines.append("")
    lines.append(f"**责任单位**：{'、'.join(clause.responsible_units)}")
    if english and english.responsible_units:
        lines.append(f"\n**Responsible units**: {'; '.join(english.responsible_units)}")
    rules = policy.clause_rules(clause.number)
    if rules:
        lines.append("\n**支持规则 · Support rules** (计算器 · see the Calculators tab)\n")
        lines += [f"- {_rule_phrase(rule)} — {rule.beneficiary}" for rule in rules]
    return "\n".join(lines)


def _rule_phrase(rule: SupportRule) -> str:
    zh, en = describe_rule(rule, "zh"), describe_rule(rule, "en")
    return f"{zh} · {en}" if zh else f"{rule.kind}: {rule.sentence}"


# --- calculators ----------------------------------------------------------------------------------


def _calculator_tab(corpus: Corpus) -> None:
    gr.Markdown(
        "选择一项支持，输入金额（如 300万、1.2亿、3,000,000），即可看到计算过程与结果。"
        " · Pick a support, enter an amount (300万, 1.2亿, 3,000,000 …) and see the working and the result."
    )
    rule = gr.Dropdown(choices=rule_choices(corpus), value=None, label="支持项目 · Support", filterable=True)
    with gr.Row():
        amount = gr.Textbox(label="金额 · Amount", placeholder="300万 · 1.2亿 · 3,000,000", scale=4)
        run = gr.Button("计算 · Calculate", variant="primary", scale=1)
    output = gr.Markdown(container=True, elem_id="calculator-result")

    def hint(rule_id: str | None) -> gr.Textbox:
        if not rule_id:
            return gr.Textbox(label="金额 · Amount")
        chosen = corpus.rule(rule_id)
        if chosen.kind == "cap":
            return gr.Textbox(label="金额（此项无需填写）· Amount (not needed: the support is a fixed cap)")
        return gr.Textbox(label=f"{chosen.base or '金额'} · Amount")

    def calculate(rule_id: str | None, text: str) -> str:
        if not rule_id:
            return "请先选择一项支持 · Pick a support first."
        return calculator_markdown(corpus, corpus.rule(rule_id), text)

    rule.change(hint, rule, amount, queue=False)
    run.click(calculate, [rule, amount], output, queue=False)
    amount.submit(calculate, [rule, amount], output, queue=False)


def rule_choices(corpus: Corpus) -> list[tuple[str, str]]:
    """(label, rule id) for every money or threshold rule, labelled in both languages with who it is for."""
    several = len(corpus.policies) > 1  # then measure numbers repeat, so labels name the document
    return [
        ((f"{rule.doc_id} · " if several else "") + _rule_label(rule), rule.id)
        for policy in corpus.policies
        for rule in policy.rules
        if rule.grants_money or rule.kind == "threshold"  # area rules need m², not yuan
    ]


def _rule_label(rule: SupportRule) -> str:
    who = rule.beneficiary if len(rule.beneficiary) <= 40 else rule.beneficiary[:39] + "…"
    return (
        f"第{rule.clause_number}条 · {describe_rule(rule, 'zh')} — {who}"
        f" | Measure {rule.clause_number} · {describe_rule(rule, 'en')}"
    )


def calculator_markdown(corpus: Corpus, rule: SupportRule, text: str) -> str:
    """The working and result of one rule on the typed amount, or what to fix in the amount."""
    if (rule.kind == "threshold" or rule.needs_base) and not text.strip():
        return f"请输入{rule.base or '金额'}，如 300万、1.2亿 · Enter the amount, e.g. 300万, 1.2亿 or 3,000,000."
    try:
        if rule.kind == "threshold":
            check = check_threshold(rule, parse_amount(text))
            verdict = "**符合 · Eligible**" if check.eligible else "**不符合 · Not eligible**"
            return _calculator_result(corpus, rule, check.steps, verdict)
        base = parse_amount(text) if rule.needs_base else None
        calculation = calculate_support(rule, base)
    except (AmountError, CalculationError) as error:
        return f"**金额有误 · Check the amount:** {inert(str(error))}"
    return _calculator_result(corpus, rule, calculation.steps, _amount_line(calculation))


def _amount_line(calculation: Calculation) -> str:
    return (
        f"**最高 · Up to {format_yuan(calculation.amount)} 元 / yuan ({format_cny(Decimal(calculation.amount_yuan))})**"
    )


def _calculator_result(corpus: Corpus, rule: SupportRule, steps: tuple[Step, ...], outcome: str) -> str:
    policy = corpus.policy(rule.doc_id)
    clause = policy.document.clause(rule.clause_number)
    english = policy.english(clause)
    zh, en = labels("zh"), labels("en")
    working = [f"{i}. {zh[step.label]} · {en[step.label]}: {step.expression}" for i, step in enumerate(steps, 1)]
    quote_en = policy.english_sentence(clause, rule.sentence_index)
    return "\n".join(
        [
            f"**第{clause.number}条 · {clause.title}**"
            + (f" · Measure {clause.number} · {english.title}" if english else ""),
            f"\n{describe_rule(rule, 'zh')} · {describe_rule(rule, 'en')}\n",
            *working,
            f"\n→ {outcome}\n",
            f"> {rule.sentence}" + (f"\n>\n> *{quote_en}*" if quote_en else ""),
        ]
    )


# --- policy matching ------------------------------------------------------------------------------

UNKNOWN, YES, NO = "unknown", "yes", "no"
ANSWERS = [("未知 · Unknown", UNKNOWN), ("是 · Yes", YES), ("否 · No", NO)]


def _match_tab(corpus: Corpus, corpus_fingerprint: str) -> None:
    """A form with one input per profile field; the result is the report, shown and offered as a file."""
    gr.Markdown(
        "填写企业情况，不知道的留空或选“未知”：即可看到可能适用的措施、逐条核对的条件、估算金额和待确认的问题。"
        " · Describe the enterprise, leaving what you do not know empty or 'Unknown', to see the measures that"
        " may apply, each condition checked, the estimated amounts and the open questions."
    )
    name = gr.Textbox(label="企业名称 · Enterprise name")
    paths: list[str] = []
    inputs: list[gr.components.Component] = []
    for kinds in (("industries",), ("bool",), ("money", "area")):
        with gr.Row():
            for field in PROFILE_FIELDS.values():
                if field.kind in kinds:
                    paths.append(field.path)
                    inputs.append(_profile_input(field))
    notes = gr.Textbox(label="说明（可选）· Notes (optional)", lines=2)
    lang = gr.Radio([("中文", "zh"), ("English", "en")], value="zh", label="报告语言 · Report language")
    run = gr.Button("匹配 · Match", variant="primary")
    output = gr.Markdown(container=True, elem_id="match-result")
    download = gr.File(label="下载报告 · Download the report", elem_id="match-report")

    def run_match(name: str, notes: str, lang: str, *values: Any) -> tuple[str, str | None]:
        try:
            profile = profile_from_form(name, notes, dict(zip(paths, values, strict=True)))
        except ValidationError as error:
            return f"**请检查输入 · Check the form:** {inert(describe_errors(error))}", None
        today = date.today()
        report = render_report(match(profile, corpus), "zh" if lang == "zh" else "en", corpus_fingerprint, today)
        # Straight into Gradio's own file cache (one file per distinct report), which it serves and clears.
        path = save_bytes_to_cache(
            report.encode("utf-8"), f"policy-match-{today.isoformat()}.md", download.GRADIO_CACHE
        )
        return inert(report), path

    run.click(run_match, [name, notes, lang, *inputs], [output, download])


def _profile_input(field: ProfileField) -> gr.components.Component:
    label = f"{field.label_zh} · {field.label_en}"
    if field.kind == "bool":
        return gr.Radio(ANSWERS, value=UNKNOWN, label=label, min_width=220)
    if field.kind == "industries":
        return gr.CheckboxGroup([(f"{zh} · {en}", key) for key, (zh, en) in INDUSTRIES.items()], label=label)
    example = "20,000 m2" if field.kind == "area" else "300万 · 1.2亿 · 3,000,000"
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
