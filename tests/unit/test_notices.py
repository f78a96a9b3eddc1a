"""Written notices without a database: working days (weekend, holiday, 调休), document
numbers, what staff must give per kind, and each notice's paper (ESC/POS bytes and preview)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from escpos.printer import Dummy

from bianmin.hall.hours import add_working_days, is_working_day, normalize
from bianmin.notices.errors import IncompleteNotice
from bianmin.notices.kinds import TITLES, NoticeKind
from bianmin.notices.numbering import document_number, number_prefix
from bianmin.notices.service import NoticeData, NoticeDraft, checked_draft
from bianmin.printer.escpos_text import encode_text
from bianmin.printer.notice_layout import build_notice_receipt
from bianmin.printer.preview import preview_png
from bianmin.printer.raster import render_image
from bianmin.printer.receipt import PAPER_58, PAPER_80, TextLine
from bianmin.printer.textwidth import display_width
from tests.unit.test_printer_escpos_text import read_escpos

# 2026: 10-01 (Thu) … 10-07 (Wed) 国庆节; Sunday 10-11 is a 调休 workday (as Monday)
HOURS = normalize({
    "weekly": {d: [["09:30", "13:30"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat")},
    "holidays": [{"start": "2026-10-01", "end": "2026-10-07", "name": "国庆节"}],
    "workdays": [{"date": "2026-10-11", "as": "mon", "name": "国庆调休"}],
})


def test_working_days_skip_the_weekend() -> None:
    friday = date(2026, 11, 27)
    assert add_working_days(None, friday, 1) == date(2026, 11, 30)  # Monday
    assert add_working_days(HOURS, friday, 3) == date(2026, 12, 2)  # Mon, Tue, Wed
    # open on Saturdays (延时) does not make Saturday a working day
    assert not is_working_day(HOURS, date(2026, 11, 28))
    assert add_working_days(HOURS, friday, 0) == friday


def test_working_days_skip_a_holiday_and_count_the_make_up_sunday() -> None:
    wednesday = date(2026, 9, 30)
    assert not is_working_day(HOURS, date(2026, 10, 1))  # Thursday, 国庆节
    assert is_working_day(HOURS, date(2026, 10, 11))  # Sunday, 调休
    # 10-01…10-07 holiday, 10-08 Thu, 10-09 Fri, 10-10 Sat off, 10-11 Sun 调休, 10-12 Mon
    assert add_working_days(HOURS, wednesday, 1) == date(2026, 10, 8)
    assert add_working_days(HOURS, wednesday, 3) == date(2026, 10, 11)
    assert add_working_days(HOURS, wednesday, 4) == date(2026, 10, 12)
    # without the hall's calendar the same count lands in the holiday
    assert add_working_days(None, wednesday, 1) == date(2026, 10, 1)


def test_working_days_refuse_a_negative_count() -> None:
    with pytest.raises(ValueError):
        add_working_days(HOURS, date(2026, 10, 1), -1)


def test_document_number_of_the_halls_day() -> None:
    assert number_prefix("六十二团便民服务中心") == "六十二团便民"
    assert number_prefix("新河镇政务服务中心") == "新河镇"
    assert number_prefix("服务中心") == "服务中心"
    assert document_number("六十二团便民服务中心", date(2026, 12, 2), 3) == "六十二团便民〔2026〕1202-003号"
    assert document_number("新河镇便民服务中心", date(2027, 1, 9), 1234) == "新河镇便民〔2027〕0109-1234号"


MATERIALS = ("身份证原件及复印件", "户口本", "近期一寸照片2张")


@pytest.mark.parametrize("kind, draft, message", [
    (NoticeKind.SUPPLEMENT, NoticeDraft(), "补正须勾选"),
    (NoticeKind.REFUSED, NoticeDraft(turn_to="县里"), "退办须选择或填写"),
    (NoticeKind.SUPPLEMENT, NoticeDraft(missing=(4,)), "第 1–3 项"),
    (NoticeKind.REFUSED, NoticeDraft(reason="x" * 201), "最多 200 个字"),
])
def test_a_draft_lacking_what_its_kind_needs_is_refused(kind, draft, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IncompleteNotice) as refused:
        checked_draft(kind, draft, MATERIALS)
    assert message in refused.value.message


def test_a_draft_keeps_only_what_its_kind_prints() -> None:
    draft = NoticeDraft(missing=(3, 1, 3), note=" 复印件须清晰 ", reason="r", turn_to="t")
    assert checked_draft(NoticeKind.SUPPLEMENT, draft, MATERIALS) == \
        NoticeDraft((1, 3), "复印件须清晰", "", "")
    assert checked_draft(NoticeKind.REFUSED, draft, MATERIALS) == NoticeDraft((), "复印件须清晰", "r", "t")
    assert checked_draft(NoticeKind.ACCEPTED, NoticeDraft(), MATERIALS) == NoticeDraft()


ZONE = timezone(timedelta(hours=8))


def sample(kind: NoticeKind, **changes: object) -> NoticeData:
    base = dict(
        id=1, ticket_id=9, kind=kind, title=TITLES[kind], number="六十二团便民〔2026〕1202-003号",
        hall_name="六十二团便民服务中心", window_number=7, window_name="社会救助窗口",
        window_phone="0999-3173821", staff_label="王芳（工号 A07）", ticket_number="A012",
        scenario="高龄津贴的审核", matter="高龄补贴的审核", complaint_phone="12345",
        issued_at=datetime(2026, 12, 2, 10, 15, tzinfo=ZONE),
    )
    if kind is NoticeKind.ACCEPTED:
        base.update(time_limit="5个工作日", promised_days=5, promised_date=date(2026, 12, 9))
    if kind is NoticeKind.SUPPLEMENT:
        base.update(missing=["本人身份证正反面、户口本主页本人页、社保卡复印件1份；",
                             "1张一寸照片（尽量红底、蓝底）；"], note="代理人另带身份证")
    if kind is NoticeKind.REFUSED:
        base.update(reason="不属于本中心受理范围", turn_to="县政务服务中心社保窗口")
    base.update(changes)
    return NoticeData(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind, expected", [
    (NoticeKind.ACCEPTED, ["受理通知书", "本中心已予受理", "承诺时限：5个工作日",
                           "2026年12月9日（星期三）"]),
    (NoticeKind.SUPPLEMENT, ["补齐补正通知书", "需补齐补正的材料共2项：",
                             "1. 本人身份证正反面", "2. 1张一寸照片", "说明：代理人另带身份证"]),
    (NoticeKind.REFUSED, ["不予受理告知书", "本中心不予受理", "理由：不属于本中心受理范围",
                          "建议您到：县政务服务中心社保窗口"]),
])
def test_each_notice_goes_to_the_printer_as_escpos_text(kind, expected) -> None:  # type: ignore[no-untyped-def]
    notice = sample(kind)
    data = encode_text(build_notice_receipt(notice, PAPER_80, "http://10.0.0.5/t/9?k=a"))
    # through python-escpos' Dummy printer, the bytes a real one would receive
    printer = Dummy()
    printer._raw(data)
    stream = read_escpos(printer.output)
    text = "".join(line.strip() for line in stream.lines)  # wrapped lines joined again
    for words in ["六十二团便民服务中心", "六十二团便民〔2026〕1202-003号", "申请事项：高龄津贴的审核",
                  "受理窗口：7号窗口（社会救助窗口）", "经办人：王芳（工号 A07）",
                  "日期：2026年12月02日 10:15", "投诉电话：12345", *expected]:
        assert words in text, words
    assert stream.names()[:2] == ["init", "chinese_mode"]
    assert stream.names()[-1] == "cut"
    # the title is double size (GS ! 0x11) right before it
    title = next(i for i, c in enumerate(stream.commands)
                 if c.name == "text" and c.args == TITLES[kind].encode("gb18030"))
    assert [c for c in stream.commands[:title] if c.name == "size"][-1].args == bytes([0x11])
    assert [q.args[:2] for q in stream.find("qr")][-2:] == [b"1P", b"1Q"]


def test_only_the_ticked_papers_are_printed() -> None:
    notice = sample(NoticeKind.SUPPLEMENT, missing=["户口本"], note="")
    text = read_escpos(encode_text(build_notice_receipt(notice, PAPER_80))).text
    assert "需补齐补正的材料共1项：" in text and "1. 户口本" in text
    assert "身份证" not in text and "说明：" not in text


@pytest.mark.parametrize("paper", [PAPER_80, PAPER_58])
@pytest.mark.parametrize("kind", list(NoticeKind))
def test_every_line_fits_the_paper_and_the_preview_is_the_raster_image(kind, paper) -> None:  # type: ignore[no-untyped-def]
    receipt = build_notice_receipt(sample(kind, scenario="很长的事项名称" * 8), paper)
    for block in receipt.blocks:
        if isinstance(block, TextLine):
            assert display_width(block.text) * block.width <= paper.columns, block.text
    assert render_image(receipt).width == paper.dots
    assert preview_png(receipt).startswith(b"\x89PNG")
