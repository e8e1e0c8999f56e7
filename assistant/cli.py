"""policy-assistant: answers questions about industrial policies from their clauses, offline.

Every failure a user can cause or fix (missing index or model, bad amount, bad suite file) ends in
one line saying what to do, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.settings import Settings, get_settings

EXIT_USER_ERROR = 1
EXIT_BUG = 3


def _fixable_errors() -> tuple[type[Exception], ...]:
    from assistant.amounts import AmountError
    from assistant.calculators import CalculationError
    from assistant.corpus import CorpusError
    from assistant.policy import PolicyFormatError
    from assistant.serving.server import ServerConfigError
    from assistant.serving.storage import StorageError
    from assistant.settings import SettingsError
    from embeddings.conversion import ModelNotFoundError
    from embeddings.index import IndexUnavailableError
    from evals.suite import SuiteError

    return (
        AmountError,
        CalculationError,
        CorpusError,
        PolicyFormatError,
        ServerConfigError,
        SettingsError,
        StorageError,
        ModelNotFoundError,
        IndexUnavailableError,
        SuiteError,
        FileNotFoundError,
        KeyError,
    )


def _print_result(result: object, as_json: bool) -> None:
    from assistant.result import AnswerResult

    assert isinstance(result, AnswerResult)
    if as_json:
        print(result.model_dump_json(indent=1))
    else:
        print(result.answer)


def _report_published(settings: Settings, version: str | None) -> None:
    """Say where replicas read the index from, when a Chroma server holds it."""
    if settings.chroma_url is None:
        return
    if version is None:
        print(f"the Chroma server at {settings.chroma_url} already serves this index")
    else:
        print(f"published index version {version} to the Chroma server at {settings.chroma_url}")


def cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.ingest import add_policy, ensure_index, one_at_a_time, publish_index

    settings = get_settings()
    with one_at_a_time(settings.ingest_lock, lambda message: print(message, file=sys.stderr, flush=True)):
        for path in args.paths:
            folder = add_policy(Path(path), settings.policies_dir)
            print(f"added {path} as {folder.name}")
        corpus, manifest = ensure_index(settings, force=args.force or bool(args.paths))
        published = publish_index(settings, force=args.force)
    policies = ", ".join(
        f"{p.document.id} ({p.document.title}, {len(p.document.clauses)} measures)" for p in corpus.policies
    )
    if manifest is None:
        print(f"index at {settings.index_dir} is up to date: {policies}")
    else:
        print(
            f"built index at {settings.index_dir}: {manifest['count']} passages "
            f"in {manifest['build_seconds']} s: {policies}"
        )
    _report_published(settings, published)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from assistant.ingest import ensure_index, one_at_a_time, publish_index, remove_policy

    settings = get_settings()
    with one_at_a_time(settings.ingest_lock, lambda message: print(message, file=sys.stderr, flush=True)):
        remove_policy(args.doc_id, settings.policies_dir)
        print(f"removed {args.doc_id}")
        _, manifest = ensure_index(settings, force=True)
        published = publish_index(settings)
    assert manifest is not None
    print(f"built index at {settings.index_dir}: {manifest['count']} passages in {manifest['build_seconds']} s")
    _report_published(settings, published)
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.chain import load_assistant

    assistant = load_assistant(get_settings(), args.retriever)
    result = assistant.answer(args.question, args.doc)
    _print_result(result, args.json)
    return 0 if result.intent != "invalid" else 2


def cmd_chat(args: argparse.Namespace) -> int:
    from assistant.chain import load_assistant
    from assistant.conversation import Turn, carry

    assistant = load_assistant(get_settings(), args.retriever)
    print("Ask about the policy in Chinese or English (empty line or Ctrl-D to quit). 请用中文或英文提问。")
    previous: Turn | None = None  # follow-ups ("那如果是5000万呢？") resolve against the conversation
    while True:
        try:
            line = input("> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not line.strip():
            return 0
        result = assistant.answer(line, args.doc, previous)
        previous = carry(previous, result)
        if result.resolved_question and not args.json:
            print(f"(read as: {result.resolved_question})")
        _print_result(result, args.json)


def cmd_clauses(args: argparse.Namespace) -> int:
    from assistant.answering.composer import describe_rule
    from assistant.corpus import load_corpus

    policy = load_corpus(get_settings().policies_dir).policy(args.doc)
    document = policy.document
    if args.number is None:
        print(f"{document.id}  《{document.title}》  {document.issuer}  effective {document.effective_date}")
        for clause in document.clauses:
            english = policy.english(clause)
            print(f"{clause.number:>3}. {clause.title}" + (f"  — {english.title}" if english else ""))
        return 0
    clause = document.clause(args.number)
    english = policy.english(clause)
    print(f"Measure {clause.number} · {clause.title}" + (f" · {english.title}" if english else ""))
    print(f"Section {clause.section_number}: {clause.section_title}\n")
    for sentence in clause.sentences:
        print(f"[{sentence.index}] {sentence.text}")
        if english:
            print(f"    {english.sentences[sentence.index]}")
    print(f"\n责任单位 / responsible units: {'、'.join(clause.responsible_units)}")
    rules = policy.clause_rules(clause.number)
    if rules:
        print("\nSupport rules (use with `policy-assistant calc`):")
        for rule in rules:
            print(f"  {rule.id}  [{rule.kind}]  {describe_rule(rule, 'zh')}  — {rule.beneficiary}")
    return 0


def cmd_calc(args: argparse.Namespace) -> int:
    from assistant.amounts import parse_amount
    from assistant.answering.composer import describe_rule, render_steps
    from assistant.calculators import calculate_area, calculate_support, check_threshold, parse_area
    from assistant.corpus import load_corpus

    corpus = load_corpus(get_settings().policies_dir)
    rule = corpus.rule(args.rule)
    print(f"{rule.id} [{rule.kind}] {describe_rule(rule, args.lang)}")
    if rule.kind == "threshold":
        check = check_threshold(rule, parse_amount(args.amount))
        print("\n".join(render_steps(check.steps, args.lang)))
        print(f"eligible: {str(check.eligible).lower()}")
        return 0
    if rule.kind in ("land_share", "floor_area_ratio"):
        calculation = calculate_area(rule, parse_area(args.amount))
    else:
        calculation = calculate_support(rule, parse_amount(args.amount) if args.amount else None)
    print("\n".join(render_steps(calculation.steps, args.lang)))
    unit = "m²" if calculation.unit == "m2" else "yuan"
    print(f"result: {calculation.amount:,f} {unit}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.suite == "profiles":
        return cmd_eval_profiles(args)
    from assistant.chain import load_assistant
    from evals.runner import describe, report, run_cases, write_report
    from evals.suite import builtin_suite, load_suite

    suites = [Path(s) for s in args.suites] or [builtin_suite(n) for n in ("public", "conversations", "blind")]
    reports = []
    for name in args.retriever:
        assistant = load_assistant(get_settings(), name)
        for suite in suites:
            data = report(run_cases(assistant, load_suite(suite)), name, suite.stem)
            print(describe(data) + "\n")
            reports.append(data)
            if args.raise_floors and name == "hybrid":
                from evals.floors import raise_floors

                print("\n".join(raise_floors(suite.stem, data["metrics"])) or f"{suite.stem}: no floor moved")
    if args.json:
        write_report(reports, Path(args.json))
        print(f"wrote {args.json}")
    return 0


def cmd_eval_profiles(args: argparse.Namespace) -> int:
    """The profile suite needs only the corpus: matching uses no model and no index."""
    from assistant.corpus import load_corpus
    from evals.profiles import describe, load_profile_suite, report, run_profiles
    from evals.runner import write_report
    from evals.suite import builtin_suite

    corpus = load_corpus(get_settings().policies_dir)
    paths = [Path(s) for s in args.suites] or [builtin_suite("profiles")]
    pairs = [pair for path in paths for pair in run_profiles(corpus, load_profile_suite(path))]
    print(describe(pairs))
    if args.json:
        write_report([report(pairs)], Path(args.json))
        print(f"wrote {args.json}")
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    from datetime import date

    from assistant.corpus import load_corpus
    from assistant.matching.matcher import match
    from assistant.matching.profile import ProfileError, load_profile
    from assistant.matching.report import render_report
    from embeddings.index import fingerprint

    try:
        profile = load_profile(Path(args.profile))
    except ProfileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2  # like an invalid question: the input is the user's to fix
    settings = get_settings()
    corpus = load_corpus(settings.policies_dir)
    result = match(profile, corpus)
    text = render_report(result, args.lang, fingerprint(corpus, settings.embedding_model), date.today())
    if args.report:
        out = Path(args.report)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"error: cannot write the report to {out}: {error.strerror}", file=sys.stderr)
            return EXIT_USER_ERROR
        print(f"wrote {out}", file=sys.stderr)  # stdout stays the report or the JSON alone
    sys.stdout.write(result.model_dump_json(indent=1) + "\n" if args.json else text)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from assistant.serving.server import serve

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    serve(get_settings().model_copy(update=overrides), args.workers)
    return 0


def _port(text: str) -> int:
    """A TCP port number, checked here so a typo is a usage error rather than a bind failure."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0–65535)")
    return int(text)


def _workers(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of worker processes (1 or more)")
    return int(text)


def cmd_feedback_export(args: argparse.Namespace) -> int:
    """Rated answers from the web UI as eval-suite JSON Lines, to review and add to a suite."""
    import json

    from assistant.serving.feedback import FeedbackStore

    cases = FeedbackStore(get_settings().feedback_store).export_cases()
    lines = "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)
    if args.out is None:
        sys.stdout.write(lines)
        return 0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(lines, encoding="utf-8")
    print(f"wrote {len(cases)} cases to {out}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from evals.bench import main as bench_main

    return bench_main(args.rest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-assistant", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    retrievers = ("hybrid", "dense", "bm25")

    ingest = commands.add_parser("ingest", help="add policies (.txt/.md/.pdf) and build the index if stale")
    ingest.add_argument("paths", nargs="*", help="policy files; none: just make sure the index is up to date")
    ingest.add_argument("--force", action="store_true", help="rebuild the index even if it is up to date")
    ingest.set_defaults(handler=cmd_ingest)

    remove = commands.add_parser("remove", help="remove an ingested policy and rebuild the index (nothing re-embedded)")
    remove.add_argument("doc_id", help="the document id `ingest` printed (doc-…)")
    remove.set_defaults(handler=cmd_remove)

    for name, handler, text in (
        ("ask", cmd_ask, "answer one question"),
        ("chat", cmd_chat, "a conversation in the terminal"),
    ):
        command = commands.add_parser(name, help=text)
        if name == "ask":
            command.add_argument("question")
        command.add_argument("--json", action="store_true", help="print the structured result")
        command.add_argument("--retriever", choices=retrievers, default=None)
        command.add_argument("--doc", default=None, help="restrict to one document id")
        command.set_defaults(handler=handler)

    clauses = commands.add_parser("clauses", help="list the measures, or show one with its rules")
    clauses.add_argument("number", nargs="?", type=int)
    clauses.add_argument("--doc", default=None)
    clauses.set_defaults(handler=cmd_clauses)

    calc = commands.add_parser("calc", help="run a calculator on a rule (ids from `clauses N`)")
    calc.add_argument("rule", help="rule id, e.g. doc-263f3af9b8ab#13.0.35")
    calc.add_argument("amount", nargs="?", help="base amount (300万, 1.2亿, 3,000,000 …) or area in m²")
    calc.add_argument("--lang", choices=("zh", "en"), default="en")
    calc.set_defaults(handler=cmd_calc)

    evaluate = commands.add_parser("eval", help="run eval suites and print metrics")
    evaluate.add_argument(
        "suites", nargs="*", help="JSON Lines suites (default: the public, conversation and blind suites)"
    )
    evaluate.add_argument(
        "--raise-floors",
        action="store_true",
        help="raise the suites' regression floors (evals/suites/floors.json) to today's hybrid figures",
    )
    evaluate.add_argument("--json", default=None, help="write metrics and every result here")
    evaluate.add_argument(
        "--retriever", nargs="+", choices=retrievers, default=["hybrid"], help="one or several to compare"
    )
    evaluate.add_argument(
        "--suite",
        choices=("questions", "profiles"),
        default="questions",
        help="profiles: the enterprise-profile matching suite (no model or retriever needed)",
    )
    evaluate.set_defaults(handler=cmd_eval)

    match_profile = commands.add_parser("match", help="measures that may apply to an enterprise profile (JSON)")
    match_profile.add_argument("profile", help="PROFILE.json: industries, spending, land … (see the README)")
    match_profile.add_argument("--json", action="store_true", help="print the structured result instead of the report")
    match_profile.add_argument("--report", default=None, help="also write the Markdown report to this file")
    match_profile.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the report (default zh)")
    match_profile.set_defaults(handler=cmd_match)

    serve = commands.add_parser("serve", help="web UI at /, REST and OpenAI-compatible API under /v1, docs at /docs")
    serve.add_argument("--host", default=None, help="default 127.0.0.1 (ASSISTANT_HOST); others need ASSISTANT_API_KEY")
    serve.add_argument("--port", type=_port, default=None, help="default 8000 (ASSISTANT_PORT)")
    serve.add_argument(
        "--workers", type=_workers, default=1, help="worker processes sharing the port, each with its own model"
    )
    serve.set_defaults(handler=cmd_serve)

    feedback = commands.add_parser("feedback", help="ratings given in the web UI")
    actions = feedback.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="rated answers as eval-suite JSON Lines")
    export.add_argument("--out", default=None, help="write to this file (default: standard output)")
    export.set_defaults(handler=cmd_feedback_export)

    bench = commands.add_parser("bench", help="speed figures (cold start, latency, build time, memory)")
    bench.add_argument("rest", nargs=argparse.REMAINDER)
    bench.set_defaults(handler=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except _fixable_errors() as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
        print(f"error: {message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug: one line for the user, the details only when asked for
        if os.environ.get("ASSISTANT_DEBUG"):
            raise
        print(
            f"error: unexpected {type(error).__name__}: {error} (a bug: rerun with ASSISTANT_DEBUG=1 and report it)",
            file=sys.stderr,
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
