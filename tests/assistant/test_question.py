"""Tests for assistant.question and assistant.language: what is refused, with which bilingual message, and why."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from assistant.amounts import MAX_AMOUNT_YUAN, find_amounts
from assistant.language import Language, detect_language
from assistant.question import InvalidQuestionError, Question, UnsupportedLanguageError, clean, parse_question

LIMIT = 2000  # the shipped default for max_question_chars


def refused(raw: str | bytes, max_chars: int = LIMIT) -> InvalidQuestionError:
    with pytest.raises(InvalidQuestionError) as info:
        parse_question(raw, max_chars)
    return info.value


def test_error_carries_both_languages() -> None:
    """The message the chain shows is bilingual; str() is the English one for logs."""
    error = InvalidQuestionError("english", "中文")
    assert isinstance(error, ValueError)
    assert (str(error), error.message_en, error.message_zh) == ("english", "english", "中文")


@pytest.mark.parametrize(
    "raw",
    ["", " ", "   \t\n ", "\u3000\u3000", "\u200b\ufeff", b"", b"   "],
    ids=["empty", "space", "whitespace", "ideographic-space", "zero-width", "bytes", "bytes-sp"],
)
def test_empty_question_is_refused_in_both_languages(raw: str | bytes) -> None:
    """Nothing to answer: say so in English and Chinese, with an example question."""
    error = refused(raw)
    assert "empty" in error.message_en
    assert "问题为空" in error.message_zh


@pytest.mark.parametrize(
    ("raw", "length"),
    [
        ("a" * 102_400, "102,400"),
        ("首台套设备合同1亿最多补多少" * 8000, "112,000"),
        (("How much support? " * 6000).encode(), "107,999"),
    ],
    ids=["100KB-ascii", "100KB-chinese", "100KB-bytes"],
)
def test_overlong_question_names_its_length_and_the_limit(raw: str | bytes, length: str) -> None:
    """A pasted document is refused with the limit, so the asker knows how much to cut."""
    error = refused(raw)
    assert length in error.message_en
    assert "2,000" in error.message_en
    assert length in error.message_zh
    assert "2,000" in error.message_zh


@pytest.mark.parametrize(("length", "accepted"), [(LIMIT - 1, True), (LIMIT, True), (LIMIT + 1, False)])
def test_length_limit_is_inclusive(length: int, accepted: bool) -> None:
    """Exactly max_chars is allowed; one more is not."""
    raw = "a" * length
    if accepted:
        assert len(parse_question(raw, LIMIT).text) == length
    else:
        assert f"{length:,}" in refused(raw).message_en


def test_limit_comes_from_the_caller() -> None:
    """The limit is a setting, and the message quotes the configured one."""
    error = refused("首台套设备合同1亿最多补多少?", max_chars=10)
    assert "the limit is 10." in error.message_en


JUNK = [
    pytest.param(b"\xff\xfe\x00\x01\x02\x03\x04\x05\x80\x81\xfe\xff", id="binary-bytes"),
    pytest.param(b"\xff\xfe\x00\x01", id="bom-and-controls"),
    pytest.param("\x00\x01\x02", id="control-chars"),
    pytest.param("\x00\x01\x02\x7f\x85\x9f\u2028\u202e", id="c0-c1-and-bidi"),
    pytest.param("%%%%$$$$", id="symbols"),
    pytest.param("?!?!?!?!?!", id="punctuation"),
    pytest.param("?? a", id="one-letter"),
    pytest.param("\ufffd\ufffd\ufffd\ufffd", id="replacement-chars"),
    pytest.param("a" + "#" * 20, id="mostly-symbols"),
]


@pytest.mark.parametrize("raw", JUNK)
def test_junk_is_refused_with_invalid_question_error(raw: str | bytes) -> None:
    """Control characters, undecodable bytes and symbol soup are refused with a bilingual message."""
    error = refused(raw)
    assert error.message_en
    assert error.message_zh
    assert error.message_en != error.message_zh


@pytest.mark.parametrize("raw", ["首台套设备合同1亿最多补多少 \ud800", "EDA tools \udcff", "\udfff"])
def test_surrogates_are_refused_naming_the_character(raw: str) -> None:
    """A lone surrogate (JSON "\\ud800", or an undecodable byte in sys.argv) reaches no tokenizer."""
    error = refused(raw)
    assert "not text" in error.message_en and "remove it" in error.message_en and "删除" in error.message_zh
    assert clean(raw).isprintable()


JUNK_WITH_LETTERS = [
    pytest.param(b"\xff\xfe" + "首台套设备合同1亿,最多补多少?".encode("utf-16-le"), id="utf16-question"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06", id="png-header"),
]


@pytest.mark.parametrize("raw", JUNK_WITH_LETTERS)
def test_mostly_undecodable_bytes_are_refused(raw: bytes) -> None:
    """Bytes that are mostly not text (a UTF-16 file, an image) are not a question, whatever letters they contain."""
    text = raw.decode("utf-8", errors="replace")
    assert sum(ch == "\ufffd" or ord(ch) < 0x20 for ch in text) > len(text) / 2  # premise: mostly unreadable
    refused(raw)


@pytest.mark.parametrize("seed", range(5))
def test_random_input_raises_nothing_but_invalid_question_error(seed: int) -> None:
    """Whatever arrives (random bytes or code points), the result is a Question or an InvalidQuestionError."""
    rng = random.Random(seed)
    for _ in range(200):
        size = rng.randrange(0, 80)
        raw: str | bytes
        if rng.random() < 0.5:
            raw = bytes(rng.randrange(256) for _ in range(size))
        else:
            raw = "".join(chr(rng.choice([rng.randrange(0x20), rng.randrange(0x110000)])) for _ in range(size))
            raw = raw.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # no lone surrogates
        try:
            question = parse_question(raw, LIMIT)
        except InvalidQuestionError as error:
            assert error.message_en and error.message_zh
        else:
            assert isinstance(question, Question)
            assert question.text.strip()
            assert question.lang in ("zh", "en")


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("首台套の契約は1億円ですが、いくら補助されますか？", id="japanese"),
        pytest.param("ファーストユニットの契約はいくらですか", id="japanese-katakana"),
        pytest.param("첫 번째 장비 계약은 얼마나 지원됩니까?", id="korean"),
        pytest.param("Какую поддержку можно получить за первое оборудование?", id="russian"),
        pytest.param("ما هو الدعم المتاح للمعدات؟", id="arabic"),
        pytest.param("Wie hoch ist die Förderung für EDA-Software?", id="german"),
        pytest.param("Quel est le montant de la subvention pour les outils EDA ?", id="french"),
        pytest.param("¿Cuánto es el subsidio para herramientas EDA?", id="spanish"),
        pytest.param("首台套の補助金はいくらですか", id="japanese-kanji-and-kana"),
    ],
)
def test_other_languages_are_refused(raw: str) -> None:
    """The assistant answers Chinese and English only, and asks, in both, to ask in one of them."""
    error = refused(raw)
    assert isinstance(error, UnsupportedLanguageError) and error.reason == "unsupported_language"
    assert error.message_en.startswith("Please ask in Chinese or English")
    assert error.message_zh.startswith("请用中文或英文提问")


NEGATIVE = [
    ("-5万的合同能补多少", "-5万"),
    ("合同金额负300万元能补多少", "负300万元"),
    ("contract of minus 5 million yuan, how much support?", "minus 5 million yuan"),
    ("contract of -3,000,000 yuan, how much?", "-3,000,000 yuan"),
]


@pytest.mark.parametrize(("raw", "amount"), NEGATIVE)
def test_negative_amounts_are_refused(raw: str, amount: str) -> None:
    """A negative spend is a typo: quote the amount back and ask for the real figure."""
    assert any(a.value < 0 for a in find_amounts(raw))  # premise: the amount parser reads the sign
    error = refused(raw)
    assert "negative" in error.message_en
    assert amount in error.message_en
    assert "负数" in error.message_zh


ABSURD = [
    ("合同1e30元能补多少", "1e30元"),
    ("合同1e9999元能补多少", "1e9999元"),
    ("合同10^20元能补多少", "10^20元"),
    ("合同10.0001万亿元能补多少", "10.0001万亿元"),
    ("EDA purchase of 20,000 billion yuan, how much?", "20,000 billion yuan"),
]


@pytest.mark.parametrize(("raw", "amount"), ABSURD)
def test_absurd_amounts_are_refused(raw: str, amount: str) -> None:
    """Amounts beyond any real project (over 10万亿元) are refused, not computed."""
    assert any(a.value > MAX_AMOUNT_YUAN for a in find_amounts(raw))  # premise: found, and too large
    error = refused(raw)
    assert "larger than any real project" in error.message_en
    assert amount in error.message_en
    assert "超出合理范围" in error.message_zh


def test_amount_with_more_digits_than_decimal_precision_is_refused() -> None:
    """A 1500-digit contract amount is as absurd as 1e30 and must be refused the same way."""
    error = refused("首台套设备合同" + "9" * 1500 + "元，最多补多少?")
    assert "larger than any real project" in error.message_en


def test_the_amount_limit_itself_is_accepted() -> None:
    """10万亿元 is the largest accepted amount: the boundary is inclusive."""
    question = parse_question("合同10万亿元能补多少", LIMIT)
    assert [a.value for a in question.amounts] == [MAX_AMOUNT_YUAN]


@pytest.mark.parametrize(
    ("raw", "text", "value"),
    [
        ("EDA软件采购３００万能补多少", "300万", Decimal(3_000_000)),
        ("EDA软件采购３００万元能补多少？", "300万元", Decimal(3_000_000)),
        ("１２３４５６７８元的合同", "12345678元", Decimal(12_345_678)),
        ("首台套合同１．２亿", "1.2亿", Decimal(120_000_000)),
    ],
)
def test_full_width_digits_are_normalized(raw: str, text: str, value: Decimal) -> None:
    """Chinese IMEs type ３００万; it must be read as 300万 and the normalized text must say so."""
    question = parse_question(raw, LIMIT)
    assert [(a.text, a.value) for a in question.amounts] == [(text, value)]
    assert text in question.text
    assert question.lang == "zh"


@pytest.mark.parametrize(
    ("raw", "text", "value"),
    [
        ("我們的首台套設備合同１．２億，補貼多少？", "我们的首台套设备合同1.2亿，补贴多少？", Decimal(120_000_000)),
        ("技改項目總投入３千萬", "技改项目总投入3千万", Decimal(30_000_000)),
    ],
)
def test_traditional_characters_are_read_in_simplified_form(raw: str, text: str, value: Decimal) -> None:
    """A Taiwan- or Hong Kong-invested firm types 億 and 設備: read as the policy's 亿 and 设备."""
    question = parse_question(raw, LIMIT)
    assert (question.text, [a.value for a in question.amounts], question.lang) == (text, [value], "zh")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("首台套\x00\x01设备合同1亿最多补多少", "首台套 设备合同1亿最多补多少"),
        ("  EDA  软件\t采购\n300万  ", "EDA 软件 采购 300万"),
        ("合同金额\u200b300万", "合同金额 300万"),
    ],
)
def test_control_characters_inside_a_real_question_are_dropped(raw: str, text: str) -> None:
    """Stray control or invisible characters must not make a real question unanswerable."""
    assert clean(raw) == text
    assert parse_question(raw, LIMIT).raw == text


def test_utf8_bytes_are_decoded() -> None:
    """The CLI may hand over bytes; valid UTF-8 is a normal question."""
    question = parse_question("首台套设备合同1亿,最多补多少?".encode(), LIMIT)
    assert question.lang == "zh"
    assert [a.value for a in question.amounts] == [Decimal(100_000_000)]


LANGUAGES: list[tuple[str, Language | None]] = [
    ("EDA软件采购300万能补多少", "zh"),
    ("首台套 contract 1亿 how much support?", "en"),
    ("When does it take effect?", "en"),
    ("这个政策什么时候施行", "zh"),
    ("首台套设备合同1亿,最多补多少?", "zh"),
    ("How much can we get for a first-of-a-kind equipment contract?", "en"),
    ("EDA 300万 and insurance premium 80万", "en"),
    ("我们的EDA tool能补吗", "zh"),
    ("首台套の契約はいくらですか", None),
    ("首台套の補助金は？", None),  # two hiragana: Japanese, however many Han characters
    ("첫 번째 장비 보조금은 얼마입니까?", None),
    ("Какая поддержка?", None),
    # Latin letters in another language: its function words and accented letters outnumber English ones
    ("Wie hoch ist die Förderung für EDA-Software?", None),
    ("Wir sind ein Chiphersteller in Shanghai. Bekommen wir Geld für EDA?", None),
    ("Quel est le montant de la subvention pour les outils EDA ?", None),
    ("¿Cuánto es el subsidio para herramientas EDA?", None),
    ("Qual è il contributo massimo per gli strumenti EDA?", None),
    ("Quanto é o subsídio máximo para ferramentas EDA?", None),
    ("Hoeveel subsidie krijgen wij voor EDA-software?", None),
    # English with a foreign name, a loanword or pinyin stays English
    ("Can Müller GmbH apply for the EDA subsidy?", "en"),
    ("Is a café owner in Shanghai eligible for the dormitory support?", "en"),
    ("How much is the shou tai tao de butie for a 1亿 contract?", "en"),
    ("What is the la carte price? EDA tools 300万", "en"),
    ("12345", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "lang"), LANGUAGES)
def test_detect_language(text: str, lang: Language | None) -> None:
    """Mixed questions go to the language with more weight; other scripts and no words give None."""
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("raw", "lang"),
    [
        ("EDA软件采购300万能补多少", "zh"),
        ("首台套 contract 1亿 how much support?", "en"),
        ("When does it take effect?", "en"),
    ],
)
def test_parsed_question_carries_the_language(raw: str, lang: Language) -> None:
    """The answer's language is decided here, from the question."""
    assert parse_question(raw, LIMIT).lang == lang


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("走了特别审查 首次拿证 上海生产", "走了特别审查，首次拿证，上海生产"),  # typed without punctuation
        ("买了 EDA 工具 300万", "买了 EDA 工具 300万"),  # a space beside other words is a space
    ],
)
def test_a_space_between_chinese_words_is_a_comma(raw: str, text: str) -> None:
    assert parse_question(raw, 2000).text == text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("二零二二年九月十五号签的合同", "2022年9月15号签的合同"),
        ("二〇二三年十二月三十一日前", "2023年12月31日前"),
        ("三月十五号签的", "3月15号签的"),  # a month with its day
        ("那个二零二零年的比例是多少", "那个2020年的比例是多少"),
        ("一个月三万，十一月买的设备", "一个月三万，十一月买的设备"),  # a month alone is no date
    ],
)
def test_a_spoken_date_is_written_in_digits(raw: str, text: str) -> None:
    assert parse_question(raw, 2000).text == text


def test_a_corrected_figure_replaces_the_slip() -> None:
    assert [a.text for a in parse_question("EDA花了六千万 不对 是五千六百万 能拿多少", 2000).amounts] == ["五千六百万"]


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (
            "Context:\r\n-  contract  RMB 30M\n\n- we also bought RMB 12M of equipment\nWhat support?",
            "Context：\n- contract RMB 30M\n- we also bought RMB 12M of equipment\nWhat support？",
        ),
        ("烦请告知：\n• 上限多少？\n• 门槛多少？", "烦请告知：\n• 上限多少？\n• 门槛多少？"),
        ("We bought EDA tools for\n3.5m last year", "We bought EDA tools for 3.5m last year"),  # a hard wrap
    ],
)
def test_a_line_break_before_a_list_item_stays_and_others_fold(raw: str, text: str) -> None:
    """A list's items are sentences of their own: what one line says is not about the next."""
    assert parse_question(raw, 2000).text == text
