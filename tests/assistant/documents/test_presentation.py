"""Documents as users see them: names and levels in the answer's language, no ids; no note when none is due."""

from __future__ import annotations

from assistant.corpus import Corpus
from assistant.documents.presentation import figures, notes, reference
from assistant.documents.scope import Scope


def test_a_reference_is_in_the_answer_s_language(district_copies: Corpus, ids: dict[str, str]) -> None:
    shipped = district_copies.policy(ids["上海市"]).info
    assert reference(shipped, "zh").issuer == "上海市人民政府办公厅"
    english = reference(shipped, "en")
    assert (english.issuer, english.region, english.level) == (
        "General Office of the Shanghai Municipal People's Government",
        "Shanghai",
        "municipal",
    )
    copy = reference(district_copies.policy(ids["奉贤区"]).info, "en")
    assert (copy.title, copy.region) == ("上海市奉贤区推进高端制造业发展的若干措施", "Fengxian District")


def test_notes_say_which_default_was_used_and_nothing_otherwise(district_copies: Corpus, ids: dict[str, str]) -> None:
    policy = district_copies.policy(ids["奉贤区"])
    before, after = notes(None, Scope(policy.document.id, "default"), policy, "zh")
    assert before == "" and after.startswith("本回答依据默认文件《上海市奉贤区推进高端制造业发展的若干措施》")
    assert notes(None, Scope(policy.document.id, "question"), policy, "en") == ("", "")
    assert notes(None, Scope(), policy, "zh") == ("", "") and figures(None, "zh") == []
