"""Documents named or implied in a question: a district, a level, a year, a title; facts about the asker are not."""

from __future__ import annotations

import pytest

from assistant.corpus import Corpus
from assistant.documents.mentions import named_documents, resolve_document


@pytest.mark.parametrize(
    ("question", "regions"),
    [
        ("奉贤区的首台套合同1亿补多少？", ["奉贤区"]),
        ("奉贤的政策对首台套补多少？", ["奉贤区"]),
        ("在奉贤区的政策里，首台套补多少？", ["奉贤区"]),
        ("How much does the Fengxian district policy give for first-of-a-kind equipment?", ["奉贤区"]),
        ("Changning's cap on EDA support?", ["长宁区"]),
        ("市级措施里首台套合同1亿补多少？", ["上海市"]),
        ("Under the municipal measures, what is the cap for EDA?", ["上海市"]),
        ("区级政策里首台套补多少？", ["奉贤区", "长宁区"]),
        ("2025年版的措施里EDA最多补多少？", ["长宁区"]),
        ("What do the 2022 measures give for EDA?", ["上海市"]),
        ("《上海市长宁区推进高端制造业发展的若干措施》第13条讲什么？", ["长宁区"]),
        ("奉贤区2025年的政策怎么规定？", []),  # no loaded document is both
        ("首台套合同1亿补多少？", []),
        ("我们2024年营业收入10亿，能获得什么支持？", []),  # a year of the asker's figures
        ("我们是市级特色产业园区，有什么支持？", []),  # a level of the asker, not of a document
        ("我们是奉贤的一家医疗器械公司，研发投了1000万，能补多少？", []),  # where the asker is: both apply
        ("我们在奉贤区，首台套合同1亿补多少？", []),
        ("We are based in Fengxian; how much for a first-of-a-kind contract?", []),
        ("Our 2025 revenue was 1 billion yuan", []),
    ],
)
def test_a_question_names_the_documents_it_means(
    district_copies: Corpus, ids: dict[str, str], question: str, regions: list[str]
) -> None:
    named = named_documents(question, district_copies.policies)
    assert sorted(named) == sorted(ids[region] for region in regions)


def test_with_one_document_loaded_nothing_is_named(corpus: Corpus) -> None:
    assert named_documents("市级措施里首台套合同1亿补多少？", corpus.policies) == []


def test_a_default_document_is_resolved_by_id_title_or_description(
    district_copies: Corpus, ids: dict[str, str]
) -> None:
    policies = district_copies.policies
    assert resolve_document(ids["奉贤区"], policies) == ids["奉贤区"]
    assert resolve_document("上海市推进高端制造业发展的若干措施", policies) == ids["上海市"]
    assert resolve_document("municipal measures", policies) == ids["上海市"]
    assert resolve_document("长宁区", policies) == ids["长宁区"]
    with pytest.raises(KeyError, match="fits several documents"):
        resolve_document("区级政策", policies)
    with pytest.raises(KeyError, match=r"names no loaded document: .*上海市推进高端制造业发展的若干措施"):
        resolve_document("静安区", policies)
