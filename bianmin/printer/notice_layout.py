"""The paper of a written notice (受理通知书 / 补齐补正通知书 / 不予受理告知书).

A pure function of the notice's data and the paper, like the ticket's layout
(bianmin/printer/layout.py): the text-mode encoder, the raster encoder and the preview all
read the receipt it returns. Every missing paper is printed in full, numbered; nothing is
shortened.
"""

from __future__ import annotations

from bianmin.notices.kinds import NoticeKind
from bianmin.notices.service import NoticeData
from bianmin.printer.receipt import Align, Block, Cut, Feed, Paper, QrBlock, Receipt, Rule, TextLine
from bianmin.printer.textwidth import clean_text, wrap

TITLE_SIZE = 2
WEEKDAYS = "一二三四五六日"


def build_notice_receipt(notice: NoticeData, paper: Paper, status_url: str = "") -> Receipt:
    blocks: list[Block] = []
    blocks += _text(notice.hall_name, paper, bold=True, align=Align.CENTER)
    blocks += _text(notice.title, paper, size=TITLE_SIZE, bold=True, align=Align.CENTER)
    blocks += _text(notice.number, paper, align=Align.CENTER)
    blocks.append(Rule())
    blocks += _text(f"申请事项：{notice.scenario}", paper, bold=True, indent=10)
    if notice.matter and clean_text(notice.matter) != clean_text(notice.scenario):
        blocks += _text(f"所属事项：{notice.matter}", paper, indent=10)
    blocks += _text(f"排队号：{notice.ticket_number}", paper, indent=8)
    blocks.append(Feed(1))
    blocks += BODIES[notice.kind](notice, paper)
    blocks.append(Rule())
    blocks += _facts(notice, paper)
    if status_url:
        blocks.append(Feed(1))
        blocks.append(QrBlock(status_url, module_size=6 if paper.columns >= 48 else 5))
        blocks += _text("扫码查看本通知书", paper, align=Align.CENTER)
    blocks.append(Feed(1))
    blocks += _text(f"{notice.hall_name}（盖章）", paper, align=Align.RIGHT)
    blocks.append(Feed(4))
    blocks.append(Cut())
    return Receipt(paper=paper, blocks=tuple(blocks))


def long_date(day) -> str:  # type: ignore[no-untyped-def]
    """2026年12月10日（星期四）"""
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def _accepted(notice: NoticeData, paper: Paper) -> list[Block]:
    blocks = _text("您申请的事项材料齐全、符合法定形式，本中心已予受理。", paper)
    if notice.time_limit:
        blocks += _text(f"承诺时限：{notice.time_limit}", paper, indent=10)
    if notice.promised_date:
        blocks += _text("承诺办结日期：", paper, bold=True)
        blocks += _text(long_date(notice.promised_date), paper, size=TITLE_SIZE, bold=True,
                        align=Align.CENTER)
        blocks += _text("（按工作日计算，不含周末和法定节假日）", paper, align=Align.CENTER)
    blocks += _note(notice, paper)
    blocks += _text(f"请凭本通知书到{notice.window_number}号窗口领取办理结果。", paper)
    return blocks


def _supplement(notice: NoticeData, paper: Paper) -> list[Block]:
    blocks = _text("经审查，您的申请材料不齐全或不符合法定形式，请一次性补齐补正以下材料：",
                   paper)
    items = [clean_text(m) for m in notice.missing if clean_text(m)]
    if items:
        blocks += _text(f"需补齐补正的材料共{len(items)}项：", paper, bold=True)
        digits = len(str(len(items)))
        for number, item in enumerate(items, start=1):
            prefix = f"{number}.".rjust(digits + 1) + " "
            blocks += [TextLine(line) for line in
                       wrap(item, paper.columns, first_prefix=prefix, indent=" " * len(prefix))]
    blocks += _note(notice, paper)
    blocks += _text(f"材料补齐后请重新取号，到{notice.window_number}号窗口办理。", paper)
    return blocks


def _refused(notice: NoticeData, paper: Paper) -> list[Block]:
    blocks = _text("经审查，您申请的事项本中心不予受理。", paper)
    blocks += _text(f"理由：{notice.reason}", paper, bold=True, indent=6)
    if notice.turn_to:
        blocks += _text(f"建议您到：{notice.turn_to}", paper, bold=True, indent=10)
    blocks += _note(notice, paper)
    blocks += _text("如对本决定有异议，可拨打投诉电话反映。", paper)
    return blocks


BODIES = {NoticeKind.ACCEPTED: _accepted, NoticeKind.SUPPLEMENT: _supplement,
          NoticeKind.REFUSED: _refused}


def _note(notice: NoticeData, paper: Paper) -> list[Block]:
    return _text(f"说明：{notice.note}", paper, indent=6) if clean_text(notice.note) else []


def _facts(notice: NoticeData, paper: Paper) -> list[Block]:
    window = f"{notice.window_number}号窗口"
    if notice.window_name and notice.window_name != window:
        window += f"（{notice.window_name}）"
    facts = [
        ("受理窗口", window),
        ("经办人", notice.staff_label),
        ("日期", notice.issued_at.strftime("%Y年%m月%d日 %H:%M") if notice.issued_at else ""),
        ("窗口电话", notice.window_phone),
        ("投诉电话", notice.complaint_phone),
    ]
    blocks: list[Block] = []
    for label, value in facts:
        if clean_text(value):
            blocks += _text(f"{label}：{value}", paper, indent=10)
    return blocks


def _text(text: str, paper: Paper, *, size: int = 1, bold: bool = False,
          align: Align = Align.LEFT, indent: int = 0) -> list[TextLine]:
    return [TextLine(line, width=size, height=size, bold=bold, align=align)
            for line in wrap(text, paper.columns // size, indent=" " * indent)]
