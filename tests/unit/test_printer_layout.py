"""The ticket layout: every line fits its paper, no material is ever dropped or cut short."""

from __future__ import annotations

import dataclasses
import re
from importlib.resources import files

import pytest

from bianmin.printer.layout import build_receipt
from bianmin.printer.receipt import PAPER_58, PAPER_80, Paper, QrBlock, Receipt, TextLine
from bianmin.printer.slip import TicketSlip, sample_slip
from bianmin.printer.textwidth import NO_LINE_START, display_width, wrap

PAPERS = [PAPER_80, PAPER_58]


def _catalog_cell(scenario: str, column: int) -> str:
    """A cell of the demo catalog (tab-separated), found by the scenario's name."""
    text = files("bianmin.catalog").joinpath("demo_catalog.txt").read_text(encoding="utf-8")
    for row in text.splitlines():
        cells = row.split("\t")
        if len(cells) > column and cells[3].strip() == scenario:
            return cells[column].strip()
    raise AssertionError(f"{scenario} is not in the demo catalog")


def _numbered_items(cell: str) -> list[str]:
    return [item.strip() for item in re.split(r"(?:^|\s+)\d+\.", cell) if item.strip()]


# the longest materials cell of the demo catalog (保障性住房服务工作, ~1200 characters)
HOUSING = _catalog_cell("保障性住房服务工作", 5)
ELDERLY = _numbered_items(_catalog_cell("高龄津贴的审核", 5))


def _slip(**changes: object) -> TicketSlip:
    return dataclasses.replace(sample_slip(), **changes)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_demo_catalog_cells_are_what_the_tests_expect() -> None:
    assert len(ELDERLY) == 5 and ELDERLY[0].startswith("本人身份证正反面")
    assert len(HOUSING) > 1000


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: f"{p.mm}mm")
def test_every_line_fits_the_paper_at_its_size(paper: Paper) -> None:
    slip = _slip(materials=[*ELDERLY, HOUSING], notice="需要去连队/社区申请",
                 scenario="最低生活保障边缘家庭、刚性支出困难家庭和其他低收入人口管理",
                 priority_green=True)
    lines = build_receipt(slip, paper).text_lines()
    assert len(lines) > 40
    for line in lines:
        assert display_width(line.text) * line.width <= paper.columns, line


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: f"{p.mm}mm")
def test_every_material_is_printed_in_full_and_in_order(paper: Paper) -> None:
    materials = [*ELDERLY, HOUSING, "无犯罪记录证明（派出所开具）"]
    receipt = build_receipt(_slip(materials=materials), paper)
    printed = _squash(receipt.plain_text)
    position = 0
    for number, item in enumerate(materials, start=1):
        found = printed.find(f"{number}." + _squash(item), position)
        assert found >= 0, f"item {number} missing or cut: {item[:20]}…"
        position = found
    assert f"共{len(materials)}项" in printed


def test_wrapped_items_hang_under_their_text_not_under_the_number() -> None:
    receipt = build_receipt(_slip(materials=ELDERLY), PAPER_58)
    lines = [line.text for line in receipt.text_lines()]
    first = lines.index(next(line for line in lines if line.startswith("1. ")))
    assert lines[first + 1].startswith("   ") and not lines[first + 1][3].isspace()
    item_lines = [line for line in lines[first:] if re.match(r"^(\d\. |   \S)", line)]
    starts = [line for line in item_lines if not line.startswith("   ")]
    assert [line[:3] for line in starts] == ["1. ", "2. ", "3. ", "4. ", "5. "]
    assert len(item_lines) > len(starts)  # some items did wrap


def test_ten_or_more_items_keep_their_text_aligned() -> None:
    items = [f"第{n}份材料，复印件一份，原件核对后退回本人保存，复印件需本人签字确认" for n in range(1, 12)]
    lines = [line.text for line in build_receipt(_slip(materials=items), PAPER_80).text_lines()]
    assert any(line.startswith(" 9. ") for line in lines)
    assert any(line.startswith("11. ") for line in lines)
    continuation = [line for line in lines if line.startswith("    ") and "确认" in line]
    assert len(continuation) == 11 and all(not line[4].isspace() for line in continuation)


def test_58mm_paper_is_narrower_so_the_checklist_takes_more_lines() -> None:
    slip = _slip(materials=ELDERLY)
    wide = build_receipt(slip, PAPER_80).text_lines()
    narrow = build_receipt(slip, PAPER_58).text_lines()
    assert len(narrow) > len(wide)
    assert max(display_width(line.text) * line.width for line in wide) > 32
    assert max(display_width(line.text) * line.width for line in narrow) <= 32


def test_closing_punctuation_does_not_start_a_line() -> None:
    for paper in PAPERS:
        receipt = build_receipt(_slip(materials=[*ELDERLY, HOUSING]), paper)
        for line in receipt.text_lines():
            body = line.text.strip()
            assert body and body[0] not in NO_LINE_START, line.text


def test_wrap_carries_the_last_character_over_with_the_punctuation() -> None:
    # 16 columns: "一二三四五六七八" fills the line, "。" would start the next one
    assert wrap("一二三四五六七八。九", 16) == ["一二三四五六七", "八。九"]
    assert wrap("一二三四五六（七八九）", 14) == ["一二三四五六", "（七八九）"]


def test_ascii_words_and_phone_numbers_are_not_broken() -> None:
    lines = wrap("请拨打电话0999-3173821咨询办理进度", 20)
    assert any("0999-3173821" in line for line in lines)
    url = "http://example.org/" + "a" * 60
    long_lines = wrap(url, 20)
    assert "".join(long_lines) == url and all(display_width(x) <= 20 for x in long_lines)


def test_control_characters_never_reach_the_paper() -> None:
    receipt = build_receipt(_slip(materials=["身份证\x1b@复印件\t1份\r\n"], notice="注意\x1d!"),
                            PAPER_80)
    for line in receipt.text_lines():
        assert not re.search(r"[\x00-\x1f\x7f]", line.text), repr(line.text)
    assert "身份证 @复印件 1份" in receipt.plain_text


def test_ticket_says_where_to_go_how_many_are_ahead_and_whom_to_call() -> None:
    slip = _slip(number="C031", ahead=7, queue_name="15-20号窗口",
                 windows=[(15, "社保窗口"), (16, "社保窗口"), (17, "医保窗口")],
                 time_limit="即时办理", role_label="本中心受理，上报办理",
                 window_phone="0999-3175758", complaint_phone="12345",
                 notice="需要去连队/社区申请")
    receipt = build_receipt(slip, PAPER_80)
    text = receipt.plain_text
    for expected in ["六十二团便民服务中心", "C031", "前面还有 7 人", "请到 15-20号窗口",
                     "（社保窗口、医保窗口）", "【请注意】需要去连队/社区申请",
                     "办理时限：即时办理", "办理方式：本中心受理，上报办理",
                     "窗口电话：0999-3175758", "投诉电话：12345", "取号时间：2026-11-05 09:31",
                     "过号可扫码重新排队一次"]:
        assert expected in text, expected
    assert text.index("C031") < text.index("前面还有") < text.index("一次性告知")
    number = next(line for line in receipt.text_lines() if line.text == "C031")
    assert (number.width, number.height, number.bold) == (4, 4, True)
    qr = [b for b in receipt.blocks if isinstance(b, QrBlock)]
    assert [q.payload for q in qr] == [slip.status_url]


def test_short_checklist_and_missing_facts() -> None:
    slip = _slip(materials=["无"], window_phone="", time_limit="", matter="暖气缴费",
                 scenario="暖气缴费")
    text = build_receipt(slip, PAPER_58).plain_text
    assert "无需提交材料" in text
    assert "窗口电话" not in text and "办理时限" not in text and "所属事项" not in text


def test_item_numbers_already_in_the_text_are_not_printed_twice() -> None:
    items = ["1.身份证复印件", "2、户口本", "0.5寸照片两张"]
    text = build_receipt(_slip(materials=items), PAPER_80).plain_text
    assert "1. 身份证复印件" in text and "2. 户口本" in text
    assert "3. 0.5寸照片两张" in text  # a decimal is not an item number


def test_layout_is_pure() -> None:
    slip = _slip()
    assert build_receipt(slip, PAPER_80) == build_receipt(slip, PAPER_80)
    assert isinstance(build_receipt(slip, PAPER_80), Receipt)


def test_text_line_rejects_sizes_the_printer_cannot_do() -> None:
    with pytest.raises(ValueError):
        TextLine("A001", width=9, height=1)
