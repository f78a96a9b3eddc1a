"""Parse a hall's catalog file (the 000 format) into plain data, writing nothing.

The file is a spreadsheet saved as tab-separated text: a title line, section headings
(乡镇级办结事项 18项，细化应用场景 27个), the column header repeated at every page break,
blank lines, and one row per scenario (细化应用场景). The parser keeps every source text,
parses what it can, and reports what looks wrong as anomalies for the hall administrator.
What cannot be read as a catalog (a row with the wrong number of columns, a 序号 that is no
number, a 窗口号 that is no window …) is an error: :func:`read_catalog` collects every one
of them, skipping the rows concerned, so that one run reports them all;
:func:`parse_catalog` raises the first as :class:`CatalogFormatError`.
See docs/catalog.md for the format, every error and every anomaly kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from bianmin.catalog import checks
from bianmin.catalog.faults import CatalogError, CatalogFormatError, RowRefused
from bianmin.catalog.faults import read_catalog_file as read_catalog_file  # re-exported for callers
from bianmin.catalog.guide import (
    GUIDE_HEADERS,
    GUIDE_KEYS,
    HANDED_TO_HEADERS,
    handed_to_of,
    is_withdrawn_section,
)
from bianmin.catalog.materials import Materials, looks_like_procedure, split_materials
from bianmin.catalog.models import Role, TimeLimitKind
from bianmin.catalog.timelimit import parse_time_limit
from bianmin.catalog.windows import WindowCellError, assign_prefixes, parse_window_cell

# header text → field; columns are found by name, so their order may differ
COLUMNS = {
    "序号": "seq",
    "部门": "department",
    "事项名称": "matter",
    "细化应用场景": "name",
    "事项类型": "kind",
    "办理要件": "materials",
    "窗口号": "window",
    "联系电话": "phone",
    "办理时限": "time_limit",
    "备注": "role",
}
OPTIONAL_COLUMNS = {"流程图"}
# extra columns a hall may add, in any order: the service guide (八公开) and, for a matter it
# no longer handles, who does (承接部门); bianmin.catalog.guide names them
EXTRA_COLUMNS = {**{h: f"guide:{key}" for h, key in GUIDE_HEADERS.items()},
                 **{h: "handed_to" for h in HANDED_TO_HEADERS}}
# a row may omit trailing empty cells, but never one of these
REQUIRED_CELLS = ("seq", "department", "matter", "name", "kind", "materials", "window", "phone")

_HEADING = re.compile(
    r"^(?P<name>.*?)\s*(?:(?P<matters>\d+)\s*项)?\s*[，,、;；]?\s*"
    r"(?:细化应用场景|应用场景|场景)?\s*(?:(?P<scenarios>\d+)\s*个)?\s*$"
)


# a one-cell line that is a data row whose tabs were lost ("1 中心 暖气维修 …", or a bare "12"),
# not a title or heading that starts with a number ("2024年…清单", "1.乡镇级办结事项")
_ROW_WITHOUT_TABS = re.compile(r"^\d+(?:\s|$)")


@dataclass(frozen=True)
class Anomaly:
    line: int
    kind: str
    message: str
    # the other row of a pair (duplicate, near_duplicate, doubtful_inheritance …)
    other_line: int | None = None
    # the field the anomaly is about, where it is one field ("department", "matter")
    field: str | None = None


@dataclass(frozen=True)
class ParsedSection:
    name: str
    heading_line: int
    declared_matters: int | None
    declared_scenarios: int | None
    scenario_count: int


@dataclass(frozen=True)
class ParsedQueue:
    name: str
    windows: list[int]
    prefix: str


@dataclass(frozen=True)
class ParsedScenario:
    line: int
    section: str
    seq: int
    department: str
    department_inherited: bool
    matter: str
    matter_inherited: bool
    name: str
    kind: str
    materials: list[str]
    materials_raw: str
    notice: str
    window_raw: str
    windows: list[int]
    queue_name: str
    phone: str
    time_limit_raw: str
    time_limit_kind: TimeLimitKind
    legal_days: int | None
    promised_days: int | None
    role: Role
    role_raw: str
    # the service-guide fields the row fills (key → text; bianmin.catalog.guide)
    guide: dict[str, str] = field(default_factory=dict)
    # the hall no longer handles it: no queue, the visitor is sent to ``handed_to``
    withdrawn: bool = False
    handed_to: str = ""


@dataclass(frozen=True)
class ParsedCatalog:
    title: str
    sections: list[ParsedSection]
    scenarios: list[ParsedScenario]
    queues: list[ParsedQueue]
    windows: list[int]
    anomalies: list[Anomaly]
    # faults that keep the file from being imported, in line order (rows concerned skipped)
    errors: list[CatalogError] = field(default_factory=list)

    def queue_of(self, scenario: ParsedScenario) -> ParsedQueue:
        return next(q for q in self.queues if q.name == scenario.queue_name)


# --- reading the table ---------------------------------------------------------------


@dataclass
class _Row:
    """One data row as written, before merged cells are resolved."""

    line: int
    section: int
    cells: dict[str, str]


@dataclass
class _SectionDraft:
    name: str
    line: int
    matters: int | None
    scenarios: int | None
    rows: list[_Row] = field(default_factory=list)
    # rows of this section refused for their shape (counted, not read)
    refused: int = 0


@dataclass
class _Table:
    title: str = ""
    title_line: int = 0
    sections: list[_SectionDraft] = field(default_factory=list)
    errors: list[CatalogError] = field(default_factory=list)


def _lines(text: str) -> Iterator[tuple[int, list[str]]]:
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        yield number, [cell.strip() for cell in line.rstrip("\r").split("\t")]


def _header_columns(cells: list[str], line: int) -> dict[str, int] | None:
    if "序号" not in cells:
        return None
    known = set(COLUMNS) | OPTIONAL_COLUMNS | set(EXTRA_COLUMNS)
    if not ({"细化应用场景", "办理要件", "窗口号"} & set(cells)):
        return None
    missing = [name for name in COLUMNS if name not in cells]
    if missing:
        raise CatalogFormatError(
            line, f"表头缺少“{'”“'.join(missing)}”列。表头应为：{' '.join(COLUMNS)} 流程图。",
            detail="header line lacks required columns", kind="header_columns",
        )
    unknown = [c for c in cells if c and c not in known]
    if unknown:
        raise CatalogFormatError(
            line, f"表头有不认识的列“{'”“'.join(unknown)}”。表头应为：{' '.join(COLUMNS)} 流程图。",
            detail="header line has unknown columns", kind="header_columns",
        )
    fields = {**COLUMNS, **EXTRA_COLUMNS}
    taken: dict[str, str] = {}
    for c in cells:
        if c in EXTRA_COLUMNS and EXTRA_COLUMNS[c] in taken:
            raise CatalogFormatError(
                line, f"表头的“{taken[EXTRA_COLUMNS[c]]}”和“{c}”是同一项内容，请只保留一列。",
                detail="two headers for one guide field", kind="header_columns",
            )
        if c in EXTRA_COLUMNS:
            taken[EXTRA_COLUMNS[c]] = c
    return {fields[c]: i for i, c in enumerate(cells) if c in fields}


def _read_table(text: str) -> _Table:
    """The title, sections and rows; every fault is collected in ``errors``, the row skipped.

    A fault that explains the lines after it (no header yet, no section yet) is reported
    once, at its first line, not again for every row it spoils.
    """
    table = _Table()
    if "\t" not in text:
        first = next((n for n, cells in _lines(text) if any(cells)), 1)
        table.errors.append(CatalogError(
            first, "no_tabs", "文件不是制表符分隔的表格。请在表格软件中另存为“文本文件（制表符分隔）”。",
            "no tab characters: not a tab-separated export",
        ))
        return table
    columns: dict[str, int] | None = None
    width = 0
    # a fault already reported that spoils the data rows after it
    spoiled = False
    for line, cells in _lines(text):
        filled = [i for i, cell in enumerate(cells) if cell]
        if not filled:
            continue
        try:
            header = _header_columns(cells, line)
        except CatalogFormatError as exc:
            table.errors.append(exc.as_error())
            spoiled = columns is None
            continue
        if header is not None:
            columns, width, spoiled = header, filled[-1] + 1, False
            continue
        if filled == [0] and not _ROW_WITHOUT_TABS.match(cells[0]):
            if columns is None and not table.sections and not table.title:
                table.title, table.title_line = cells[0], line
            else:
                table.sections.append(_heading(cells[0], line))
                spoiled = spoiled and columns is None
            continue
        if spoiled:
            continue
        if columns is None:
            spoiled = True
            table.errors.append(CatalogError(
                line, "row_before_header",
                "在表头（序号 部门 事项名称 …）之前出现了数据行。请在第一行数据前加上表头。",
                "data row before the column header line",
            ))
            continue
        if not table.sections:
            spoiled = True
            table.errors.append(CatalogError(
                line, "row_before_section",
                "在第一个分区标题（如“乡镇级办结事项 18项，细化应用场景 27个”）之前出现了数据行。",
                "data row before any section heading",
            ))
            continue
        section = table.sections[-1]
        try:
            section.rows.append(_Row(line, len(table.sections) - 1, _cells(cells, columns, width, line)))
        except CatalogFormatError as exc:
            section.refused += 1
            table.errors.append(exc.as_error())
    if columns is None and not table.errors:
        table.errors.append(CatalogError(
            1, "no_header", "没有找到表头行（序号 部门 事项名称 细化应用场景 …）。请保留表格的表头。",
            "no column header line",
        ))
    return table


def _heading(text: str, line: int) -> _SectionDraft:
    match = _HEADING.match(text)
    assert match is not None  # every part of the pattern is optional
    name = match.group("name").strip() or text
    matters = int(match.group("matters")) if match.group("matters") else None
    scenarios = int(match.group("scenarios")) if match.group("scenarios") else None
    return _SectionDraft(name, line, matters, scenarios)


def _cells(cells: list[str], columns: dict[str, int], width: int, line: int) -> dict[str, str]:
    last_filled = max(i for i, cell in enumerate(cells) if cell)
    needed = max(columns[name] for name in REQUIRED_CELLS) + 1
    # trailing empty cells may be missing or extra; a missing or extra filled cell may not
    if len(cells) < needed or last_filled >= width:
        raise CatalogFormatError(
            line,
            f"这一行有{len(cells)}列，表头有{width}列。请检查单元格里是否有换行或制表符，"
            "或是否少了、多了一列。",
            detail=f"{len(cells)} columns where the header has {width}", kind="wrong_columns",
        )
    return {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}


# --- resolving rows ------------------------------------------------------------------


def _drop_doubtful_inheritance(
    scenarios: list[ParsedScenario], anomalies: list[Anomaly]
) -> list[ParsedScenario]:
    """A value copied down that probably belongs elsewhere is not kept: left empty, reported.

    Showing a visitor the wrong department is worse than showing none; the administrator
    reads the anomaly and fills the cell.
    """
    doubtful = {(a.line, a.field) for a in anomalies if a.kind == "doubtful_inheritance"}
    if not doubtful:
        return scenarios
    cleared = []
    for row in scenarios:
        changes: dict[str, object] = {}
        for name in ("department", "matter"):
            if (row.line, name) in doubtful:
                changes.update({name: "", f"{name}_inherited": False})
        cleared.append(replace(row, **changes) if changes else row)
    return cleared


def parse_catalog(text: str) -> ParsedCatalog:
    """Parse a whole catalog file's text; pure: no database, no files.

    Raises :class:`CatalogFormatError` for the first error (in line order) of a file that
    cannot be imported; :func:`read_catalog` returns them all instead.
    """
    parsed = read_catalog(text)
    if parsed.errors:
        raise parsed.errors[0].raised()
    return parsed


def read_catalog(text: str) -> ParsedCatalog:
    """Parse a whole catalog file's text, collecting every error and every anomaly; pure."""
    table = _read_table(text)
    errors = list(table.errors)
    anomalies: list[Anomaly] = []
    scenarios: list[ParsedScenario] = []
    windows_of: dict[str, tuple[int, ...]] = {}
    first_line_of_queue: dict[tuple[int, ...], int] = {}
    for section in table.sections:
        inherit_matters = not (section.scenarios is not None and section.matters is None)
        previous: ParsedScenario | None = None
        for row in section.rows:
            try:
                scenario = _scenario(row, section, previous, inherit_matters, anomalies)
            except RowRefused as refused:
                errors.extend(refused.faults)
                continue
            if not scenario.withdrawn:
                windows_of[scenario.queue_name] = tuple(scenario.windows)
                first_line_of_queue.setdefault(tuple(scenario.windows), row.line)
            scenarios.append(scenario)
            previous = scenario
    try:
        prefixes = assign_prefixes(windows_of.values())
    except ValueError:
        ordered = sorted(first_line_of_queue.items(), key=lambda item: item[1])
        errors.append(CatalogError(
            ordered[26][1], "too_many_queues",
            f"目录里有{len(ordered)}个不同的窗口/窗口组，排队号前缀只有 A–Z 共26个字母。"
            "请把一些窗口合并成窗口组（如“15-20号窗口”）。",
            f"{len(ordered)} queues but only 26 prefix letters",
        ))
        # reported, not importable: the queues are still listed, the 27th on without a letter
        lettered = assign_prefixes(windows for windows, _ in ordered[:26])
        prefixes = {windows: lettered.get(windows, "?") for windows, _ in ordered}
    queues = sorted(
        (ParsedQueue(name, list(windows), prefixes[windows]) for name, windows in windows_of.items()),
        key=lambda q: (q.prefix == "?", q.prefix, q.windows),
    )
    sections = [
        ParsedSection(s.name, s.line, s.matters, s.scenarios, len(s.rows) + s.refused)
        for s in table.sections
    ]
    anomalies.extend(checks.check_catalog(table.title, table.title_line, sections, scenarios))
    anomalies.sort(key=lambda a: (a.line, a.kind))
    errors.sort(key=lambda e: (e.line, e.kind))
    scenarios = _drop_doubtful_inheritance(scenarios, anomalies)
    all_windows = sorted({n for q in queues for n in q.windows})
    return ParsedCatalog(table.title, sections, scenarios, queues, all_windows, anomalies, errors)


def _scenario(
    row: _Row,
    section: _SectionDraft,
    previous: ParsedScenario | None,
    inherit_matters: bool,
    anomalies: list[Anomaly],
) -> ParsedScenario:
    """The row as a scenario, or RowRefused with every fault of the row (its anomalies stay)."""
    cells, line = row.cells, row.line
    faults: list[CatalogError] = []
    seq_text = cells["seq"]
    if not re.fullmatch(r"\d{1,5}", seq_text):
        what = "是空的" if not seq_text else f"“{seq_text}”不是数字"
        faults.append(CatalogError(
            line, "bad_seq", f"序号{what}。每个数据行的第一列应是序号（1、2、3…）。",
            f"序号 {seq_text!r} is not a number",
        ))
    handed_to = handed_to_of(cells.get("handed_to", ""))
    withdrawn = bool(handed_to) or is_withdrawn_section(section.name)
    # a withdrawn matter needs no department of this hall: an empty 部门 is no anomaly
    department, department_inherited = _department(
        cells["department"], previous, line, [] if withdrawn else anomalies)
    matter, matter_inherited = cells["matter"], False
    if not matter and inherit_matters and previous is not None and previous.matter:
        matter, matter_inherited = previous.matter, True
    name = cells["name"]
    if not name:
        if not matter:
            faults.append(CatalogError(
                line, "no_name", "这一行既没有细化应用场景，也没有事项名称，无法给群众显示。请填写细化应用场景。",
                "row has neither 细化应用场景 nor 事项名称",
            ))
        else:
            name = matter
            anomalies.append(Anomaly(line, "missing_name", f"没有填写细化应用场景，暂用事项名称“{matter}”。"))
    guide = {key: cells[f"guide:{key}"] for key in GUIDE_KEYS if cells.get(f"guide:{key}")}
    window_raw = cells["window"]
    queue_name, windows = "", []
    if withdrawn:
        _withdrawn_anomalies(line, window_raw, handed_to, anomalies)
    elif window_raw:
        try:
            cell = parse_window_cell(window_raw)
            queue_name, windows = cell.queue_name, list(cell.windows)
        except WindowCellError as exc:
            faults.append(CatalogError(line, "bad_window", str(exc),
                                       f"窗口号 {window_raw!r} is not a window"))
    elif previous is not None and not previous.withdrawn:
        queue_name, windows = previous.queue_name, list(previous.windows)
        anomalies.append(Anomaly(
            line, "missing_window",
            f"没有填写窗口号，暂按上一行的“{previous.queue_name}”排队。每一行都应有窗口号。",
            previous.line,
        ))
    else:
        faults.append(CatalogError(
            line, "first_row_without_window",
            "分区第一行没有窗口号，无法确定群众到哪个窗口办理。请填写窗口号（如“7号窗口”）。",
            "first row of a section has no 窗口号",
        ))
    materials = split_materials(cells["materials"])
    if not withdrawn:  # a withdrawn matter lists no papers, has no phone or role here
        _material_anomalies(line, materials, anomalies)
    limit = parse_time_limit(cells["time_limit"])
    if limit.doubtful:
        anomalies.append(Anomaly(
            line, "unparsed_time_limit",
            f"办理时限“{limit.raw}”像是时限，但不是可识别的写法（即时办理、N个工作日、"
            "法定时限 N 工作日，承诺时限 M 工作日），按原文显示。",
        ))
    role, role_raw = _role(cells["role"], line, [] if withdrawn else anomalies)
    if not cells["phone"] and not withdrawn:
        anomalies.append(Anomaly(line, "missing_phone", "没有填写联系电话。每一行都应有联系电话。"))
    if withdrawn:
        pass
    elif not cells["kind"]:
        anomalies.append(Anomaly(line, "missing_kind", "没有填写事项类型（行政许可、行政确认、行政给付、公共服务、其他行政权力）。"))
    elif cells["kind"] not in checks.MATTER_KINDS:
        anomalies.append(Anomaly(
            line, "unknown_kind",
            f"事项类型“{cells['kind']}”不是标准写法（{'、'.join(checks.MATTER_KINDS)}）。",
        ))
    if faults:
        raise RowRefused(faults)
    return ParsedScenario(
        line=line, section=section.name, seq=int(seq_text),
        department=department, department_inherited=department_inherited,
        matter=matter, matter_inherited=matter_inherited, name=name, kind=cells["kind"],
        materials=materials.items, materials_raw=materials.raw, notice=materials.notice,
        window_raw=window_raw, windows=windows, queue_name=queue_name, phone=cells["phone"],
        time_limit_raw=limit.raw, time_limit_kind=limit.kind,
        legal_days=limit.legal_days, promised_days=limit.promised_days,
        role=role, role_raw=role_raw, guide=guide, withdrawn=withdrawn, handed_to=handed_to,
    )


def _withdrawn_anomalies(line: int, window_raw: str, handed_to: str, anomalies: list[Anomaly]) -> None:
    """A withdrawn matter takes no ticket; what it lacks to send the visitor on is reported."""
    if window_raw:
        anomalies.append(Anomaly(
            line, "withdrawn_window",
            f"这一行是本中心不再受理的事项，窗口号“{window_raw}”不会使用（不取号）。", field="window",
        ))
    if not handed_to:
        anomalies.append(Anomaly(
            line, "withdrawn_without_target",
            "这一行是本中心不再受理的事项，但没有填写承接部门：自助机只能请群众咨询导办台。"
            "请在“承接部门”列填写现在负责办理的单位。", field="handed_to",
        ))


def _department(
    cell: str, previous: ParsedScenario | None, line: int, anomalies: list[Anomaly]
) -> tuple[str, bool]:
    """The 部门 cell, or the one above when it is empty (a merged cell) or not a department."""
    inherited = previous.department if previous is not None else ""
    if not cell:
        if previous is None:
            anomalies.append(Anomaly(line, "missing_department", "分区第一行没有填写部门。"))
        return inherited, previous is not None
    verdict = checks.department_verdict(cell)
    if verdict == "matter":
        anomalies.append(Anomaly(
            line, "misplaced_value",
            f"部门列写的是“{cell}”，这像是事项名称而不是部门；部门暂按上一行"
            f"（{inherited or '空'}）处理。请把它移到正确的列。",
        ))
        return inherited, previous is not None
    if verdict == "unknown":
        anomalies.append(Anomaly(
            line, "doubtful_department",
            f"部门“{cell}”不像完整的单位名称（可能被截断或写错），请核对。",
        ))
    return cell, False


def _material_anomalies(line: int, materials: Materials, anomalies: list[Anomaly]) -> None:
    if not materials.raw:
        anomalies.append(Anomaly(
            line, "empty_materials", "办理要件是空的。如不需要材料请填“无”，否则请列出材料。"
        ))
        return
    if materials.skipped:
        numbers = "、".join(map(str, materials.skipped))
        anomalies.append(Anomaly(
            line, "skipped_number", f"办理要件的编号跳过了第{numbers}项，可能漏了材料或编号有误。"
        ))
    if looks_like_procedure(materials.items):
        anomalies.append(Anomaly(
            line, "procedure_materials",
            "办理要件写的是办理流程（摸排、公示、入户调查、召开会议、上传…），"
            "不是群众要带的材料。请改写为材料清单。",
        ))


def _role(cell: str, line: int, anomalies: list[Anomaly]) -> tuple[Role, str]:
    if not cell:
        anomalies.append(Anomaly(line, "missing_role", "备注为空：不知道本中心是办结、受理还是初审。"))
        return Role.UNKNOWN, cell
    if "办结" in cell:
        return Role.COMPLETE, cell
    if "初审" in cell:
        return Role.PRELIMINARY, cell
    if "受理" in cell:
        return Role.ACCEPT, cell
    anomalies.append(Anomaly(
        line, "unknown_role", f"备注“{cell}”不是“负责办结”“负责受理”“负责初审”之一。"
    ))
    return Role.UNKNOWN, cell
