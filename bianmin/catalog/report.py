"""The report of ``bianmin catalog check|import``: every error and anomaly, in the file's line order.

An administrator fixes a file from top to bottom, so one list in line order (errors and
anomalies together, each with its line) serves better than one run per error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from bianmin.catalog.checks import ANOMALY_KINDS
from bianmin.catalog.importer import ParsedCatalog

# `bianmin catalog check` exit status (docs/catalog.md)
CLEAN = 0
ANOMALIES_ONLY = 1
ERRORS = 2

ERROR_KINDS = {
    "no_tabs": "不是制表符分隔的表格",
    "no_header": "没有表头",
    "header_columns": "表头的列不对",
    "row_before_header": "表头之前有数据行",
    "row_before_section": "分区标题之前有数据行",
    "wrong_columns": "列数不对",
    "bad_seq": "序号不是数字",
    "no_name": "没有场景名称",
    "bad_window": "窗口号无法识别",
    "first_row_without_window": "分区第一行没有窗口号",
    "too_many_queues": "窗口组超过26个",
    "not_utf8": "不是 UTF-8 编码",
    "not_utf16": "不是 UTF-16 编码",
}


@dataclass(frozen=True)
class Problem:
    """One line of the report: an error (the file cannot be imported) or a warning (anomaly)."""

    line: int
    severity: str  # "error" | "warning"
    code: str
    message: str


def problems_of(parsed: ParsedCatalog) -> list[Problem]:
    """Errors and anomalies together, in line order (an error before a warning on one line)."""
    found = [Problem(e.line, "error", e.kind, e.message) for e in parsed.errors]
    found += [Problem(a.line, "warning", a.kind, a.message) for a in parsed.anomalies]
    return sorted(found, key=lambda p: (p.line, p.severity != "error", p.code))


def exit_status(parsed: ParsedCatalog) -> int:
    if parsed.errors:
        return ERRORS
    return ANOMALIES_ONLY if parsed.anomalies else CLEAN


def catalog_json(parsed: ParsedCatalog) -> dict[str, Any]:
    """The --json body: counts, windows, queues, sections, every problem in line order."""
    counts: dict[str, int] = {}
    for anomaly in parsed.anomalies:
        counts[anomaly.kind] = counts.get(anomaly.kind, 0) + 1
    return {
        "title": parsed.title,
        "scenarios": len(parsed.scenarios),
        # of which the hall no longer handles (承接部门 / a 收回 section): no ticket
        "withdrawn": sum(1 for s in parsed.scenarios if s.withdrawn),
        "guided": sum(1 for s in parsed.scenarios if s.guide),
        "windows": parsed.windows,
        "queues": [{"name": q.name, "windows": q.windows, "prefix": q.prefix} for q in parsed.queues],
        "sections": [asdict(section) for section in parsed.sections],
        "anomalies": [asdict(anomaly) for anomaly in parsed.anomalies],
        "anomaly_counts": counts,
        "errors": [asdict(error) for error in parsed.errors],
        "problems": [asdict(problem) for problem in problems_of(parsed)],
        "status": exit_status(parsed),
    }


def render_report(parsed: ParsedCatalog) -> str:
    """The human report: title, counts, sections, queues, then every problem in line order."""
    out = [parsed.title or "（无标题）"]
    out.append(
        f"{len(parsed.scenarios)} 个细化应用场景，{len(parsed.queues)} 个排队窗口组，"
        f"{len(parsed.windows)} 个窗口，{len(parsed.errors)} 处错误，{len(parsed.anomalies)} 处待核对"
    )
    withdrawn = sum(1 for s in parsed.scenarios if s.withdrawn)
    guided = sum(1 for s in parsed.scenarios if s.guide)
    if withdrawn or guided:
        out.append(f"其中 {withdrawn} 个本中心不再受理（不取号），{guided} 个带办事指南")
    out.append("\n分区 sections")
    for s in parsed.sections:
        declared = f"（标题写 {s.declared_scenarios} 个）" if s.declared_scenarios is not None else ""
        out.append(f"  第{s.heading_line}行  {s.name}：{s.scenario_count} 个场景{declared}")
    out.append("\n排队 queues（前缀 窗口组：窗口）")
    for q in parsed.queues:
        out.append(f"  {q.prefix}  {q.name}：{', '.join(map(str, q.windows))}")
    problems = problems_of(parsed)
    if problems:
        out.append("\n按行号 by line（错误 error 必须改正才能导入；待核对 warning 请核对）")
    for problem in problems:
        label = (ERROR_KINDS if problem.severity == "error" else ANOMALY_KINDS).get(problem.code, "")
        tag = "错误" if problem.severity == "error" else "待核对"
        out.append(f"  第{problem.line}行  [{tag} {problem.code} {label}] {problem.message}")
    if parsed.anomalies:
        out.append("\n待核对 anomalies（按类）")
        for kind, label in ANOMALY_KINDS.items():
            lines = [a.line for a in parsed.anomalies if a.kind == kind]
            if lines:
                out.append(f"  {label} {kind}（{len(lines)}）：第{'、'.join(map(str, lines))}行")
    return "\n".join(out)


def verdict(parsed: ParsedCatalog) -> str:
    """The last line of ``catalog check``: what the exit status means for this file."""
    if parsed.errors:
        return f"有 {len(parsed.errors)} 处错误：改正后才能导入（exit {ERRORS}）。"
    if parsed.anomalies:
        return f"可以导入；有 {len(parsed.anomalies)} 处待核对（exit {ANOMALIES_ONLY}）。"
    return f"没有发现问题（exit {CLEAN}）。"
