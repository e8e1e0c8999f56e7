"""Which document answers: the request's, then the question's own, then (new questions only) the default."""

from __future__ import annotations

from assistant.corpus import Corpus
from assistant.documents.scope import Scope, scope_of


def test_the_request_the_question_and_the_default_in_that_order(district_copies: Corpus, ids: dict[str, str]) -> None:
    fengxian, changning, municipal = ids["奉贤区"], ids["长宁区"], ids["上海市"]
    assert scope_of("市级措施里EDA补多少？", fengxian, district_copies, changning, False) == Scope(fengxian, "request")
    assert scope_of("市级措施里EDA补多少？", None, district_copies, changning, False) == Scope(municipal, "question")
    assert scope_of("EDA补多少？", None, district_copies, changning, False) == Scope(changning, "default")
    assert scope_of("EDA补多少？", None, district_copies, None, False) == Scope()


def test_a_follow_up_stays_in_its_conversation_instead_of_the_default(
    district_copies: Corpus, ids: dict[str, str]
) -> None:
    assert scope_of("那5000万呢？", None, district_copies, ids["长宁区"], True) == Scope()


def test_several_named_documents_are_kept_to_choose_among(district_copies: Corpus, ids: dict[str, str]) -> None:
    scope = scope_of("区级政策里EDA补多少？", None, district_copies, ids["上海市"], False)
    assert scope.doc_id is None and set(scope.named) == {ids["奉贤区"], ids["长宁区"]}
