"""Traditional characters read in the policy's simplified script; simplified text and other scripts untouched."""

import pytest

from assistant.chinese_script import simplified


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我們是蘇州註冊的台資藥企", "我们是苏州注册的台资药企"),
        ("設備補貼、認定、１．５億", "设备补贴、认定、１．５亿"),  # full-width digits are normalization's job
        ("還沒有經過認定為重點產業領域重大技術改造項目", "还没有经过认定为重点产业领域重大技术改造项目"),
        # simplified text is left as it is, including characters that are also traditional forms
        ("显著的著作，干部后来在里面", "显著的著作，干部后来在里面"),
        ("对总投入1000万元以上的技术改造项目", "对总投入1000万元以上的技术改造项目"),
        ("EDA tools, RMB 3.2M 🙏", "EDA tools, RMB 3.2M 🙏"),
    ],
)
def test_simplified(text: str, expected: str) -> None:
    assert simplified(text) == expected
