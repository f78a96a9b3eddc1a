"""The ticket layout: a pure function from a slip and a paper width to a receipt.

Everything a visitor needs is on the slip, in the order they need it: the number and where
to go first, then the complete checklist (一次性告知), then how the matter proceeds and whom
to call. Every line is wrapped here, so the encoders never have to.
"""

from __future__ import annotations

import re

from bianmin.printer.receipt import (
    Align,
    Block,
    Cut,
    Feed,
    Paper,
    QrBlock,
    Receipt,
    Rule,
    TextLine,
)
from bianmin.printer.slip import TicketSlip
from bianmin.printer.textwidth import clean_text, wrap

NUMBER_SIZE = 4  # the ticket number: 4 × 4, about 12 mm tall
HEADLINE_SIZE = 2  # "前面还有 N 人", the window and the green-channel mark
# a no-show may be put back in line once (docs/counter.md: 过号重排): at the kiosk by the
# ticket's QR code, or at a window by its number
NO_SHOW_RULE = "过号可扫码重新排队一次"
NO_SHOW_RULE_NO_QR = "过号可到窗口重新排队一次"
EMPTY_CHECKLIST = "无需提交材料（如有疑问请咨询窗口）"

# "1." "2、" "（3）" at the start of an item: the layout numbers the items itself
_ITEM_NUMBER = re.compile(r"^\s*[（(]?(\d{1,2})\s*[.、．)）]\s*")


def build_receipt(slip: TicketSlip, paper: Paper) -> Receipt:
    blocks: list[Block] = []
    blocks += _text(slip.hall_name, paper, bold=True, align=Align.CENTER)
    blocks.append(Rule())
    if slip.priority_green:
        # spaces inside the white-on-black mark give it a black margin on both sides
        blocks.append(TextLine(" 绿色通道 ", width=HEADLINE_SIZE, height=HEADLINE_SIZE,
                               bold=True, align=Align.CENTER, inverse=True))
    blocks += _text(slip.number, paper, size=NUMBER_SIZE, bold=True, align=Align.CENTER)
    if slip.assisted:
        blocks += _text("导办台帮办代办", paper, bold=True, align=Align.CENTER)
    blocks += _text(f"前面还有 {slip.ahead} 人", paper, size=HEADLINE_SIZE, bold=True,
                    align=Align.CENTER)
    if slip.wait:
        blocks += _text(f"预计等候{slip.wait}", paper, bold=True, align=Align.CENTER)
    blocks += _text(f"请到 {_queue_label(slip)}", paper, size=HEADLINE_SIZE, bold=True,
                    align=Align.CENTER)
    names = _window_names(slip)
    if names:
        blocks += _text(names, paper, align=Align.CENTER)
    blocks.append(Rule())
    blocks += _text(f"办理事项：{slip.scenario}", paper, bold=True, indent=10)
    if slip.matter and clean_text(slip.matter) != clean_text(slip.scenario):
        blocks += _text(f"所属事项：{slip.matter}", paper, indent=10)
    if slip.notice:
        blocks += _text(f"【请注意】{slip.notice}", paper, bold=True, indent=10)
    blocks.append(Feed(1))
    blocks += _checklist(slip.materials, paper)
    blocks.append(Rule())
    blocks += _facts(slip, paper)
    if slip.status_url:
        blocks.append(Feed(1))
        blocks.append(QrBlock(slip.status_url, module_size=6 if paper.columns >= 48 else 5))
        blocks += _text("扫码查看排队进度", paper, align=Align.CENTER)
    blocks.append(Feed(1))
    blocks += _text(NO_SHOW_RULE if slip.status_url else NO_SHOW_RULE_NO_QR, paper, size=HEADLINE_SIZE if paper.columns >= 48 else 1,
                    bold=True, align=Align.CENTER)
    if clean_text(slip.footer):
        blocks += _text(slip.footer, paper, align=Align.CENTER)
    blocks.append(Feed(4))
    blocks.append(Cut())
    return Receipt(paper=paper, blocks=tuple(blocks))


def _text(
    text: str,
    paper: Paper,
    *,
    size: int = 1,
    bold: bool = False,
    align: Align = Align.LEFT,
    inverse: bool = False,
    indent: int = 0,
) -> list[TextLine]:
    """Wrap one paragraph at ``size`` and return its lines (continuations indented)."""
    columns = paper.columns // size
    return [
        TextLine(line, width=size, height=size, bold=bold, align=align, inverse=inverse)
        for line in wrap(text, columns, indent=" " * indent)
    ]


def _queue_label(slip: TicketSlip) -> str:
    if slip.queue_name:
        return clean_text(slip.queue_name)
    numbers = sorted(n for n, _ in slip.windows)
    if not numbers:
        return "咨询台"
    if len(numbers) == 1:
        return f"{numbers[0]}号窗口"
    return f"{numbers[0]}-{numbers[-1]}号窗口"


def _window_names(slip: TicketSlip) -> str:
    """The windows' names, once each: "（社会救助窗口）", or "" if the catalog has none."""
    names: list[str] = []
    for _, name in slip.windows:
        name = clean_text(name)
        if name and name not in names:
            names.append(name)
    return f"（{'、'.join(names)}）" if names else ""


def _checklist(materials: list[str], paper: Paper) -> list[Block]:
    items = [text for text in (clean_text(m) for m in materials) if text]
    items = [_without_own_number(item, n) for n, item in enumerate(items, start=1)]
    if not items or items == ["无"]:
        return [*_text("一次性告知：", paper, bold=True), *_text(EMPTY_CHECKLIST, paper)]
    blocks: list[Block] = _text(f"一次性告知：所需材料共{len(items)}项", paper, bold=True)
    digits = len(str(len(items)))
    for number, item in enumerate(items, start=1):
        prefix = f"{number}.".rjust(digits + 1) + " "
        blocks += [
            TextLine(line)
            for line in wrap(item, paper.columns, first_prefix=prefix, indent=" " * len(prefix))
        ]
    return blocks


def _without_own_number(item: str, position: int) -> str:
    """Drop a leading "3." only when it is this item's own number ("0.5公斤" stays)."""
    match = _ITEM_NUMBER.match(item)
    if match and int(match.group(1)) == position and match.end() < len(item):
        return item[match.end():]
    return item


def _facts(slip: TicketSlip, paper: Paper) -> list[Block]:
    facts = [
        ("办理时限", slip.time_limit),
        ("办理方式", slip.role_label),
        ("窗口电话", slip.window_phone),
        ("投诉电话", slip.complaint_phone),
        ("取号时间", slip.issued_at.strftime("%Y-%m-%d %H:%M")),
    ]
    blocks: list[Block] = []
    for label, value in facts:
        if clean_text(value):
            blocks += _text(f"{label}：{value}", paper, indent=10)
    return blocks
