"""The 办理要件 cell: split one cell into the checklist a visitor is handed.

The catalog writes a checklist as numbered items in one cell: ``1.…`` ``1. …`` ``1、…``
``①…`` ``（1）…``, sometimes with no separator at all (``1.施工平面图2.营业执照``). The
numbering style of the first item numbered 1 is the list's own; other styles inside an
item (``1.在职职工：①…②…``) stay in that item's text. A number is taken as the next item
only when it is the number expected next, so ``3.1张一寸照片`` is item 3 "1张一寸照片" and
not a decimal; a number followed by a digit (``2.5米``) starts an item only at a clean
boundary (start of cell, after a space or ；). A gap of one or two (1, 2, 4) is accepted and
reported; a ``1.`` after a space restarts the numbering (sub-lists per 场景 or 一、二、).

Text before the first item that ends with a colon (需要去连队/社区申请：) is a notice shown
before the checklist, not an item. Unnumbered cells are split at ；/;.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NO_MATERIALS = frozenset({"无", "无需材料", "无需提供材料", "不需要材料", "无需"})

_DIGIT = "0-9０-９"
_DECIMAL = re.compile(rf"(?<![{_DIGIT}A-Za-z.．])([{_DIGIT}]{{1,2}})\s*[.．、](?![.．、])")
_PAREN = re.compile(rf"[（(]\s*([{_DIGIT}]{{1,2}})\s*[）)]")
_CIRCLED = re.compile("[\u2460-\u2473]")
_BOUNDARY = set(" \t\u3000；;。，,：:")
_TRIM = " \t\u3000；;，,。、"
# 一、二、… headings of sub-lists, after a space inside an item
_HEADING = re.compile(r"\s+(?=[一二三四五六七八九十]{1,3}、)")
# a list may skip this many numbers and still be read as one list (1, 2, 4)
MAX_GAP = 2


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    number: int
    style: str


@dataclass(frozen=True)
class Materials:
    raw: str
    items: list[str] = field(default_factory=list)
    notice: str = ""
    # the cell says 无: there is nothing to bring (not the same as an empty cell)
    none_needed: bool = False
    # numbers missing from a numbered list, e.g. [3] for 1, 2, 4
    skipped: list[int] = field(default_factory=list)
    numbered: bool = False


def split_materials(raw: str) -> Materials:
    """Split a 办理要件 cell into items, a leading notice and the numbers it skipped."""
    text = raw.strip()
    if not text:
        return Materials(raw=text)
    if text.rstrip("。.") in NO_MATERIALS:
        return Materials(raw=text, none_needed=True)
    markers = _accepted_markers(text)
    if not markers:
        return _unnumbered(text)
    preamble = text[: markers[0].start].strip(_TRIM.replace("：", ""))
    items: list[str] = []
    notice = ""
    if preamble.endswith(("：", ":")):
        notice = preamble
    elif preamble:
        items.extend(_split_headings(preamble))
    skipped: list[int] = []
    expected = markers[0].number
    skipped.extend(range(1, expected))
    for marker, following in zip(markers, [*markers[1:], None], strict=True):
        if marker.number > expected:
            skipped.extend(range(expected, marker.number))
        expected = marker.number + 1
        body = text[marker.end : following.start if following else len(text)]
        items.extend(_split_headings(_clean(body)))
    return Materials(raw=text, items=items, notice=notice, skipped=skipped, numbered=True)


def _split_headings(item: str) -> list[str]:
    """``经办人身份证 二、项目批准文件`` → the item, then the sub-heading as its own line."""
    return [_clean(part) for part in _HEADING.split(item) if _clean(part)]


def _clean(item: str) -> str:
    return re.sub(r"\s+", " ", item).strip(_TRIM)


def _unnumbered(text: str) -> Materials:
    parts = [_clean(part) for part in re.split(r"[；;\n]", text)]
    return Materials(raw=text, items=[p for p in parts if p])


def _candidates(text: str) -> dict[str, list[_Marker]]:
    found: dict[str, list[_Marker]] = {"decimal": [], "paren": [], "circled": []}
    for match in _DECIMAL.finditer(text):
        found["decimal"].append(_Marker(match.start(), match.end(), int(match.group(1)), "decimal"))
    for match in _PAREN.finditer(text):
        found["paren"].append(_Marker(match.start(), match.end(), int(match.group(1)), "paren"))
    for match in _CIRCLED.finditer(text):
        number = ord(match.group(0)) - 0x2460 + 1
        found["circled"].append(_Marker(match.start(), match.end(), number, "circled"))
    return found


def _list_style(text: str, found: dict[str, list[_Marker]]) -> str | None:
    """The style of the earliest item numbered 1 (or of a number opening the cell)."""
    firsts = [m for markers in found.values() for m in markers if m.number == 1]
    opening = [m for markers in found.values() for m in markers if m.start == 0 and m.number <= 3]
    pool = firsts or opening
    if not pool:
        return None
    return min(pool, key=lambda m: m.start).style


def _at_boundary(text: str, marker: _Marker) -> bool:
    return marker.start == 0 or text[marker.start - 1] in _BOUNDARY


def _followed_by_digit(text: str, marker: _Marker) -> bool:
    rest = text[marker.end :].lstrip()
    return bool(rest) and rest[0] in "0123456789０１２３４５６７８９"


def _accepted_markers(text: str) -> list[_Marker]:
    found = _candidates(text)
    style = _list_style(text, found)
    if style is None:
        return []
    accepted: list[_Marker] = []
    expected = 1
    for marker in found[style]:
        if style == "decimal":
            clean = _at_boundary(text, marker)
            digit_after = _followed_by_digit(text, marker)
        else:
            clean, digit_after = True, False
        if not accepted:
            if marker.number == 1 or (marker.start == 0 and marker.number <= 1 + MAX_GAP):
                accepted.append(marker)
                expected = marker.number + 1
            continue
        if marker.number == expected and (clean or not digit_after):
            pass
        elif expected < marker.number <= expected + MAX_GAP and clean and not digit_after:
            pass
        elif marker.number == 1 and clean and not digit_after:
            pass  # the numbering restarts: a sub-list (场景二：1. …, 二、… 1. …)
        else:
            continue
        accepted.append(marker)
        expected = marker.number + 1
    return accepted


# office verbs: what the office does with an application (摸排, 公示, 入户调查, 召开…会议, 上传…)
_PROCEDURE = re.compile(
    r"摸排|公示|入户调查|调查|召开|上传|录入|发放|审议|上报|报送|初审|终审|复核|审核|审批|核实|核对|"
    r"查验|查询|归档|校验|宣传|帮扶|帮助|了解|建立|档案|走访|推送|确认|下拨|监管|受理|参加考|报名|"
    r"手续|移交|转移|收集|协助|整理|开展|组织|引导|签订|进行|告知|通知|出具"
)
# words naming a paper a visitor brings
_PAPER = re.compile(
    r"证|表|书|复印|原件|照片|合同|发票|执照|卡|户口|簿|票据|清单|病历|凭证|报告|《|资料|材料|意见|决议|图"
)


def is_procedure_step(item: str) -> bool:
    """An item with more office verbs than paper words describes a step."""
    item = re.sub(r"《[^》]*》", "《》", item)  # a titled form is one paper, whatever its title says
    return len(_PROCEDURE.findall(item)) > len(_PAPER.findall(item))


def looks_like_procedure(items: list[str]) -> bool:
    """True when at least half of the items (and at least one) are steps, not papers.

    Cells like 1.申请人提出书面申请 2.开展家庭经济状况调查工作 3.入户调查后提出初审意见
    4.公示7天 5.召开社会救助专题会议 tell what the office does; a visitor cannot bring
    them, so the hall administrator should rewrite the cell as a list of papers.
    """
    steps = sum(1 for item in items if is_procedure_step(item))
    return steps >= 1 and steps * 2 >= len(items)
