"""The service guide (办事指南, 八公开) a scenario may carry, and withdrawn matters.

Seed 003's guides and the county plan (004) publish, per matter: 依据, 受理条件, 办理流程,
收费, 办理地点, 办理时间, 结果送达, 咨询方式. A hall fills those it has, as extra catalog
columns; the kiosk shows the ones present. The names live here once, so that the importer,
the loader, the export and the JSON answers agree on them.

A matter the hall no longer handles (seed 002's 收回 lists: "承接部门：师市农业农村局 工作方式：…")
stays searchable so that a visitor who asks for it learns where to go, and takes no ticket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class GuideField:
    key: str  # JSON key and the model column ``guide_<key>``
    label: str  # the column header and the kiosk's section title
    aliases: tuple[str, ...] = ()  # other headers a hall's spreadsheet may use


GUIDE_FIELDS: tuple[GuideField, ...] = (
    GuideField("basis", "依据", ("办理依据", "设定依据", "法律依据")),
    GuideField("conditions", "受理条件", ("申请条件", "办理条件")),
    GuideField("procedure", "办理流程", ("办理程序",)),
    GuideField("fees", "收费", ("收费标准", "收费依据及标准")),
    GuideField("place", "办理地点", ("办理机构及地点",)),
    GuideField("hours", "办理时间", ("办事时间",)),
    GuideField("delivery", "结果送达", ("送达方式",)),
    GuideField("enquiry", "咨询方式", ("咨询查询途径", "咨询途径")),
)
GUIDE_KEYS = tuple(f.key for f in GUIDE_FIELDS)
# header text → guide key, the column's own name first
GUIDE_HEADERS: dict[str, str] = {
    **{f.label: f.key for f in GUIDE_FIELDS},
    **{alias: f.key for f in GUIDE_FIELDS for alias in f.aliases},
}

# the withdrawn matter's column: who handles it now
HANDED_TO = "承接部门"
HANDED_TO_HEADERS = (HANDED_TO, "承接部门及工作方式")
# a section heading with one of these words lists matters the hall no longer handles
WITHDRAWN_SECTION_WORDS = ("收回", "不再受理", "已划转")

_HANDED_TO_TEXT = re.compile(r"承接部门\s*[：:]\s*(?P<who>.+?)\s*(?:工作方式\s*[：:]|$)", re.S)


def column(key: str) -> str:
    """The Scenario column holding the guide field ``key``."""
    return f"guide_{key}"


def handed_to_of(cell: str) -> str:
    """Who handles the matter now, from a 承接部门 cell: "承接部门：X 工作方式：…" → X."""
    text = " ".join(cell.split())
    match = _HANDED_TO_TEXT.search(text)
    return (match.group("who") if match else text).strip(" ，,。;；")


def is_withdrawn_section(name: str) -> bool:
    return any(word in name for word in WITHDRAWN_SECTION_WORDS)


def guide_sections(values: dict[str, str]) -> list[dict[str, str]]:
    """The present guide fields in their fixed order, as the kiosk shows them."""
    return [{"key": f.key, "label": f.label, "text": values[f.key]}
            for f in GUIDE_FIELDS if values.get(f.key, "").strip()]


def withdrawn_message(handed_to: str) -> str:
    """What a visitor reads for a withdrawn matter (kiosk, API refusal)."""
    where = handed_to or "导办台咨询承接单位"
    return f"本中心不再受理，请到：{where}"
