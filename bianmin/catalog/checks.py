"""Checks across rows of a parsed catalog: counts, duplicates, doubtful merged cells.

Each check returns anomalies for the hall administrator; none changes the data. The rules
(and why they are sound on catalog 000) are written up in docs/catalog.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bianmin.catalog.importer import Anomaly, ParsedScenario, ParsedSection

MATTER_KINDS = ("行政许可", "行政确认", "行政给付", "公共服务", "其他行政权力")

# every anomaly kind the importer reports, with the words an administrator reads
ANOMALY_KINDS = {
    "count_mismatch": "数量与标题不符",
    "duplicate": "重复的行",
    "near_duplicate": "只差数字的复制行",
    "duplicate_name": "同一分区内重名",
    "doubtful_inheritance": "合并单元格沿用可疑",
    "misplaced_value": "值写错了列",
    "doubtful_department": "部门名称可疑",
    "missing_department": "缺少部门",
    "missing_name": "缺少细化应用场景",
    "missing_kind": "缺少事项类型",
    "unknown_kind": "事项类型不标准",
    "missing_role": "缺少备注（办结/受理/初审）",
    "unknown_role": "备注不标准",
    "missing_window": "缺少窗口号",
    "missing_phone": "缺少联系电话",
    "empty_materials": "办理要件为空",
    "procedure_materials": "办理要件写成了办理流程",
    "skipped_number": "办理要件编号跳号",
    "unparsed_time_limit": "办理时限无法识别",
    "withdrawn_window": "不再受理的事项写了窗口号",
    "withdrawn_without_target": "不再受理的事项缺少承接部门",
}

# last characters of an organisation's name: 局, (服务)中心, 委, 所, 站, 院, 队, 社区 …
_ORGANISATION_END = tuple("局心委办所站院会队部处科室厅区司团府馆行署庭连组联")
# endings of a matter's name: a value in 部门 ending so is a matter in the wrong column
_MATTER_END = (
    "核发", "支付", "审批", "登记", "认定", "给付", "发放", "办理", "申报", "审核", "确认",
    "备案", "补贴", "报销", "缴费", "注销", "许可", "变更", "申请", "批准", "受理", "初审",
)
_TITLE_SCENARIOS = re.compile(r"(?:细化应用场景|场景)\s*(\d+)\s*个")
# two rows differing in at most this many numbers are drag-filled copies of each other
MAX_DIGIT_CHANGES = 2
# materials shorter than this are too generic (身份证、银行卡) to call a copy
MIN_COPIED_MATERIALS = 20


def department_verdict(text: str) -> str:
    """"department", "matter" (a matter name in the 部门 column) or "unknown"."""
    if text.endswith(_ORGANISATION_END):
        return "department"
    if text.endswith(_MATTER_END):
        return "matter"
    return "unknown"


def check_catalog(
    title: str, title_line: int, sections: Sequence[ParsedSection], scenarios: Sequence[ParsedScenario]
) -> list[Anomaly]:
    found: list[Anomaly] = []
    found += _counts(title, title_line, sections, scenarios)
    found += _duplicates(scenarios)
    found += _doubtful_inheritance(scenarios)
    return found


def _anomaly(
    line: int, kind: str, message: str, other: int | None = None, field: str | None = None
) -> Anomaly:
    from bianmin.catalog.importer import Anomaly

    return Anomaly(line, kind, message, other, field)


def _counts(
    title: str, title_line: int, sections: Sequence[ParsedSection], scenarios: Sequence[ParsedScenario]
) -> list[Anomaly]:
    found = []
    match = _TITLE_SCENARIOS.search(title)
    # rows refused as errors still count: they are scenarios written, only not readable
    written = sum(section.scenario_count for section in sections)
    if match and int(match.group(1)) != written:
        found.append(_anomaly(
            title_line, "count_mismatch",
            f"标题写有细化应用场景{match.group(1)}个，实际读到{written}个。",
        ))
    for section in sections:
        rows = [s for s in scenarios if s.section == section.name]
        if section.declared_scenarios is not None and section.declared_scenarios != section.scenario_count:
            found.append(_anomaly(
                section.heading_line, "count_mismatch",
                f"分区“{section.name}”写有{section.declared_scenarios}个场景，"
                f"实际有{section.scenario_count}行。",
            ))
        matters = {s.matter for s in rows if s.matter and not s.matter_inherited}
        if section.declared_matters is not None and section.declared_matters != len(matters):
            found.append(_anomaly(
                section.heading_line, "count_mismatch",
                f"分区“{section.name}”写有{section.declared_matters}项事项，"
                f"实际写出了{len(matters)}个不同的事项名称。",
            ))
    return found


def _signature(s: ParsedScenario) -> tuple[str, ...]:
    return (
        s.department, s.matter, s.name, s.kind, _compact(s.materials_raw), s.queue_name,
        s.phone, s.time_limit_raw, s.role_raw, s.handed_to, repr(sorted(s.guide.items())),
    )


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _digit_changes(a: str, b: str) -> list[tuple[str, str, int]] | None:
    """The numbers that differ between a and b when nothing else does; None otherwise."""
    pa, pb = re.split(r"(\d+)", a), re.split(r"(\d+)", b)
    if len(pa) != len(pb) or pa[0::2] != pb[0::2]:
        return None
    changes = []
    offset = 0
    for i, (x, y) in enumerate(zip(pa, pb, strict=True)):
        if i % 2 and x != y:
            changes.append((x, y, offset))
        offset += len(x)
    return changes


def _context(text: str, offset: int) -> str:
    return text[max(0, offset - 6) : offset + 8]


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _duplicates(scenarios: Sequence[ParsedScenario]) -> list[Anomaly]:
    found = []
    first_of: dict[tuple[str, ...], ParsedScenario] = {}
    named: dict[tuple[str, str], ParsedScenario] = {}
    copies = _CopyFinder()
    for row in scenarios:
        signature = _signature(row)
        if signature in first_of:
            original = first_of[signature]
            found.append(_anomaly(
                row.line, "duplicate",
                f"与第{original.line}行完全相同（只有序号不同），是重复的行。",
                original.line,
            ))
            continue
        first_of[signature] = row
        copy = copies.near_duplicate_of(row)
        if copy is not None:
            found.append(copy)
        key = (row.section, row.name)
        if key in named:
            found.append(_anomaly(
                row.line, "duplicate_name",
                f"与第{named[key].line}行同一分区、同名“{row.name}”，内容却不同。"
                "请确认哪一行是对的，或把名称改得能区分。",
                named[key].line,
            ))
        else:
            named[key] = row
    return found


class _CopyFinder:
    """Finds drag-filled copies among the rows seen so far: the same text but for a number or two.

    Rows are indexed by their text with every number masked, so only rows that can be
    copies of each other are compared.
    """

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[ParsedScenario, str]]] = {}
        self.checklists: dict[str, list[tuple[ParsedScenario, str]]] = {}
        self.seen_checklists: set[str] = set()

    def near_duplicate_of(self, row: ParsedScenario) -> Anomaly | None:
        whole = "\u0001".join(_signature(row))
        materials = _compact(row.materials_raw)
        found = self._first_copy(self.rows.setdefault(_masked(whole), []), whole)
        # a faithful copy of some earlier checklist is not a drag-filled one of another
        if found is None and len(materials) >= MIN_COPIED_MATERIALS and materials not in self.seen_checklists:
            found = self._first_copy(self.checklists.setdefault(_masked(materials), []), materials)
        self.rows[_masked(whole)].append((row, whole))
        self.checklists.setdefault(_masked(materials), []).append((row, materials))
        self.seen_checklists.add(materials)
        if found is None:
            return None
        other, where, changes = found
        shown = "；".join(
            f"“{_context(where, at).replace(chr(1), ' ')}”处 {old}→{new}" for old, new, at in changes
        )
        return _anomaly(
            row.line, "near_duplicate",
            f"与第{other.line}行几乎相同，只差数字（{shown}），可能是表格下拉填充时数字自动递增了。请核对。",
            other.line,
        )

    @staticmethod
    def _first_copy(
        candidates: list[tuple[ParsedScenario, str]], text: str
    ) -> tuple[ParsedScenario, str, list[tuple[str, str, int]]] | None:
        for other, other_text in candidates:
            changes = _digit_changes(other_text, text)
            if changes and len(changes) <= MAX_DIGIT_CHANGES:
                return other, text, changes
        return None


def _longest_common(a: str, b: str) -> int:
    best = 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, start=1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _same_contact(a: ParsedScenario, b: ParsedScenario) -> bool:
    return a.queue_name == b.queue_name or bool(a.phone and a.phone == b.phone)


def _doubtful_inheritance(scenarios: Sequence[ParsedScenario]) -> list[Anomaly]:
    """Merged cells copied down over rows that belong to the value named just below them.

    The tell: an inherited run is followed by a row naming a new value, and the last rows
    of the run share that row's window or phone while not sharing the source row's (for
    部门); for 事项名称 also when the scenario's name shares more with the matter below
    than with the one it inherited (孤儿保障对象申请受理 under 对申请临时救助的审核, just
    above 孤儿保障对象审核).
    """
    found: list[Anomaly] = []
    by_section: dict[str, list[ParsedScenario]] = {}
    for row in scenarios:
        by_section.setdefault(row.section, []).append(row)

    def department_doubt(row: ParsedScenario, source: ParsedScenario, below: ParsedScenario) -> bool:
        return _same_contact(row, below) and not _same_contact(row, source)

    def matter_doubt(row: ParsedScenario, source: ParsedScenario, below: ParsedScenario) -> bool:
        if department_doubt(row, source, below):
            return True
        towards_below = _longest_common(row.name, below.matter)
        return towards_below >= 3 and towards_below > _longest_common(row.name, source.matter)

    for rows in by_section.values():
        found += _runs(rows, "department", "部门", department_doubt)
        found += _runs(rows, "matter", "事项名称", matter_doubt)
    return found


def _runs(
    rows: list[ParsedScenario],
    field: str,
    label: str,
    doubt: Callable[[ParsedScenario, ParsedScenario, ParsedScenario], bool],
) -> list[Anomaly]:
    found = []

    def inherited(row: ParsedScenario) -> bool:
        return bool(getattr(row, f"{field}_inherited"))

    for i, below in enumerate(rows):
        if inherited(below) or not getattr(below, field) or i == 0 or not inherited(rows[i - 1]):
            continue
        start = i - 1
        while start > 0 and inherited(rows[start - 1]):
            start -= 1
        if start == 0:
            continue
        source = rows[start - 1]
        for row in reversed(rows[start:i]):
            if not doubt(row, source, below):
                break
            found.append(_anomaly(
                row.line, "doubtful_inheritance",
                f"{label}为空，按合并单元格会沿用第{source.line}行的“{getattr(source, field)}”，"
                f"但它更像属于第{below.line}行的“{getattr(below, field)}”（窗口、电话或名称相近），"
                f"导入时暂不填写。请核对并填写{label}。",
                below.line,
                field,
            ))
    return found
