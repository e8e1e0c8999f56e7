import pytest

from assistant.amounts import find_amounts
from assistant.corrections import corrected_amounts


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("花了六千万 不对 是五千六百万，能拿多少", ["五千六百万"]),
        ("保费两百四十万不对是两百六十万", ["两百六十万"]),
        ("EDA 300万元，说错了，应该是350万元", ["350万元"]),
        ("We paid RMB 3 million, sorry, 3.5 million for EDA", ["3.5 million"]),
        ("EDA cost 3 million, I mean 3.5 million", ["3.5 million"]),
        ("能拿多少", []),
        # no correction word between: both are the asker's
        ("花了300万，不是200万", ["300万", "200万"]),  # 不是 sets the other figure aside, it corrects nothing
        ("设备300万，软件200万", ["300万", "200万"]),
        ("EDA 3 million, sorry for asking again: the cap is 5 million?", ["3 million", "5 million"]),
    ],
)
def test_only_the_corrected_figure_is_kept(text: str, kept: list[str]) -> None:
    assert [amount.text for amount in corrected_amounts(text, find_amounts(text))] == kept
