"""Catalog and search: the query strings the kiosk sends and the answers it reads."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from bianmin.api.shapes.common import Answer, HallCode, IdText, Input, bounded_int, nonblank_text
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.queries import UnknownScenario
from bianmin.catalog.search import DEFAULT_LIMIT, MAX_LIMIT

MAX_QUERY = 50
SUGGESTIONS = 8


Query = nonblank_text(MAX_QUERY, description=(
    "What the visitor typed: Chinese, full pinyin with or without spaces or tones, initials "
    "(`csdj`), or a mix (`gl津贴`); at most 50 characters, not only white space."))


class _QueryInput(Input):
    codes = {"q.missing": "missing_query", "q.blank": "empty_query",
             "q.string_too_long": "query_too_long", "limit": "invalid_limit"}
    hints = {"q.missing": "请输入要查找的事项（参数 q）。",
             "q.blank": "查找内容不能为空，请输入事项名称或拼音。",
             "q.string_too_long": f"查找内容太长，请不超过 {MAX_QUERY} 个字。",
             "limit": f"limit 必须是 1–{MAX_LIMIT} 之间的整数。"}


class SearchQuery(_QueryInput):
    q: Query
    limit: bounded_int(MAX_LIMIT, description="At most this many results.") = DEFAULT_LIMIT


class SuggestQuery(_QueryInput):
    q: Query
    limit: bounded_int(MAX_LIMIT, description="At most this many words.") = SUGGESTIONS


class BrowseQuery(Input):
    by: Literal["domain", "section", "window"] = Field("domain", description="The grouping.")
    codes = {"by": "invalid_grouping"}
    hints = {"by": "by 只能是 domain、section、window 之一。"}


class ScenarioPath(Input):
    hall: HallCode
    scenario_id: IdText
    refusal = {"hall": UnknownHall, "scenario_id": UnknownScenario}


class Hall(Answer):
    code: str
    name: str
    complaint_phone: str
    timezone: str
    opening_hours: str = ""
    notice: str = ""


class QueueRef(Answer):
    id: int
    name: str = Field(examples=["15-20号窗口"])
    prefix: str = Field(examples=["A"])


class Queue(Answer):
    id: int
    name: str
    prefix: str
    windows: list[int]
    domain: str = Field(description="field of service, may be empty")
    kind: Literal["normal", "complaint", "pickup"] = Field(
        "normal", description="complaint: 有诉即办, pickup: 综合出件 (special queues)")


class TimeLimit(Answer):
    raw: str = Field(description="as the catalog wrote it")
    kind: Literal["immediate", "working_days", "other", "none"]
    legal_days: int | None
    promised_days: int | None
    text: str = Field(examples=["即时办理", "承诺5个工作日（法定20个工作日）"])


class GuideSection(Answer):
    key: Literal["basis", "conditions", "procedure", "fees", "place", "hours", "delivery", "enquiry"]
    label: str = Field(examples=["依据", "受理条件", "办理流程", "收费", "办理地点", "办理时间",
                                 "结果送达", "咨询方式"])
    text: str


class Scenario(Answer):
    id: int
    name: str
    matter: str
    department: str
    domain: str
    section: str
    kind: str
    materials: list[str] = Field(description="the checklist (一次性告知), in order")
    time_limit: TimeLimit
    windows: list[int] = Field(description="empty for a withdrawn matter")
    queue: QueueRef | None = Field(description="null only for a withdrawn matter (no ticket)")
    role: Literal["complete", "accept", "preliminary", "unknown"]
    role_label: str
    phone: str
    notice: str
    guide: list[GuideSection] = Field(description=(
        "the service guide (办事指南, 八公开) fields the hall filled, in a fixed order; "
        "absent ones are left out"))
    withdrawn: bool = Field(description="the hall no longer handles it: no ticket, go to handed_to")
    handed_to: str = Field(description="who handles a withdrawn matter now (承接部门); else empty")
    withdrawn_text: str = Field(examples=["本中心不再受理，请到：师市农业农村局"],
                                description="what the kiosk says for a withdrawn matter; else empty")


class ScenarioDetail(Scenario):
    active: bool = Field(description="false: no longer in the catalog (old tickets show it)")


class SpecialQueue(Answer):
    """A special queue as the kiosk's home-screen button: issue with its ``scenario_id``."""

    scenario_id: int = Field(description="the queue's built-in scenario: POST it to takeTicket")
    kind: Literal["complaint", "pickup"]
    label: str = Field(examples=["有诉即办"])
    name: str = Field(description="the queue's name")
    queue: QueueRef
    windows: list[int]
    notice: str


class Catalog(Answer):
    hall: Hall
    domains: list[str]
    sections: list[str]
    queues: list[Queue]
    scenarios: list[Scenario] = Field(description="the scenarios a visitor can take a ticket for")
    withdrawn: list[Scenario] = Field(description=(
        "matters the hall no longer handles, each saying where to go instead (searchable)"))
    special: list[SpecialQueue] = Field(default_factory=list, description=(
        "有诉即办 / 综合出件 queues the kiosk offers as big buttons (not among `scenarios`)"))


class SearchResult(Answer):
    id: int
    name: str
    matter: str
    department: str
    domain: str
    section: str
    windows: list[int]
    queue: QueueRef | None = Field(description="null only for a withdrawn matter")
    withdrawn: bool
    handed_to: str
    withdrawn_text: str
    score: int
    field: Literal["name", "matter", "department", "domain", "window", "materials"]
    rule: Literal["exact", "prefix", "word", "inside", "order", "field", "materials",
                  "parts"] = Field(description="parts: a query of several words, scored by the weighted "
                                   "mean of its words' best matches (docs/search.md)")
    highlight: Annotated[list[int], Field(min_length=2, max_length=2)] | None = Field(
        description="matched characters of the name: [start, end)")


class SearchResponse(Answer):
    query: str
    results: list[SearchResult]
    suggestions: list[str]


class Candidate(Answer):
    word: str
    pinyin: str
    consumed: int = Field(description=(
        "how many of the letters being typed (the run of letters ending q), from their start, "
        "the word replaces; the rest stay"))


class SuggestResponse(Answer):
    query: str
    suggestions: list[str]
    candidates: list[Candidate]


class BrowseGroup(Answer):
    key: str
    name: str
    count: int
    scenario_ids: list[int]


class BrowseResponse(Answer):
    by: str
    groups: list[BrowseGroup]
