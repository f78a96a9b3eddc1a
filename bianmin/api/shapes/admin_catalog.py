"""The managers' catalog, windows and queues: uploads, edits and their answers (docs/admin.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from bianmin.api.shapes.common import (
    NONBLANK,
    PLAIN,
    Answer,
    HallCode,
    IdText,
    Input,
    _no_default,
    _nonblank,
    _whole,
    absent,
    nonblank_text,
    text,
)
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.queries import UnknownScenario

Prefix = Annotated[str, Field(pattern=r"^[A-Za-z]$", description="a queue's prefix letter, e.g. `B`")]
Waiting = Literal["keep", "move_to", "close"]
MAX_MATERIALS = 60
MAX_DAILY_CAP = 9999
DAILY_CAP_HINT = f"每日放号量须是 1–{MAX_DAILY_CAP} 之间的整数，不限则留空。"

def _optional_nonblank(schema: dict[str, Any]) -> None:
    schema.pop("default", None)
    schema["pattern"] = NONBLANK


def maybe_text(max_length: int, description: str) -> Any:
    """An optional field that, when sent, is trimmed text, not only white space."""
    return Annotated[str, Field(max_length=max_length, pattern=PLAIN, description=description,
                                json_schema_extra=_optional_nonblank), AfterValidator(_nonblank)]


_WAITING_HINTS = {
    "waiting": "waiting 只能是 keep（保留排队）、move_to（转到其他队列）或 close（取消这些号）。",
    "move_to": "move_to 须为另一个队列的前缀字母，例如 B。",
}


class CatalogUpload(Input):
    filename: text(200, description="the file's name, for the audit trail") = ""
    content: str = Field(min_length=1, max_length=6_000_000, description=(
        "the file itself, base64: the 000 text format (UTF-8 or UTF-16 with BOM) or an XLSX "
        "workbook of the same layout; at most 4 MB"))
    apply: bool = Field(False, description="false: preview only (writes nothing); true: apply")
    token: text(64, description="the `token` of the preview of this same file (needed to apply)") = ""
    codes = {"content": "invalid_file", "content.string_too_short": "empty_file", "token": "invalid_token"}
    hints = {"content": "content 须为文件内容的 base64 编码（最大 4 MB）。",
             "content.string_too_short": "文件是空的，请选择事项目录文件。", "token": "token 须为预览给出的 token。"}


class _ScenarioFields(Input):
    name: maybe_text(300, "the title the kiosk shows (细化应用场景)") = None
    section: text(100, description="the catalog section, e.g. 乡镇级办结事项") = absent()
    materials: list[nonblank_text(500)] = Field(None, max_length=MAX_MATERIALS, description=(
        "the checklist (办理要件), one item per entry, in order; [] = nothing to bring"),
        json_schema_extra=_no_default)
    notice: text(500, description="shown before the checklist, e.g. 需要去连队/社区申请") = absent()
    time_limit: text(200, description="办理时限 as written: 即时办理, 5个工作日 …") = absent()
    phone: text(100, description="联系电话") = absent()
    queue: Prefix = absent("the queue (window group) by prefix letter")
    codes = {"name": "invalid_name", "materials": "invalid_materials", "queue": "invalid_queue",
             "waiting": "invalid_waiting", "move_to": "invalid_queue", "active": "invalid_active"}
    hints = {"name": "名称不能为空，最多 300 个字。", "name.blank": "名称不能为空。",
             "materials": f"办理要件每行一项，每项最多 500 个字，最多 {MAX_MATERIALS} 项，不能有空行。",
             "queue": "queue 须为队列的前缀字母，例如 B。", "active": "active 只能是 true 或 false。",
             **_WAITING_HINTS}


class ScenarioEdit(_ScenarioFields):
    active: bool = absent("false retires the scenario (kept: old tickets point at it)")
    waiting: Waiting = absent("what to do with today's waiting tickets when retiring (409 asks)")
    move_to: Prefix = absent("the queue for `waiting: move_to`")


class ScenarioNew(_ScenarioFields):
    name: nonblank_text(300, description="the title the kiosk shows (细化应用场景)")
    queue: Prefix = Field(description="the queue (window group) by prefix letter")
    hints = {**_ScenarioFields.hints, "name.missing": "请填写名称。", "queue.missing": "请选择排队队列。"}


GREEN_CHANNEL = ("the hall's green-channel 专窗: calls green tickets of every queue of the hall "
                 "first (oldest first, no streak limit), then its own queues")


class WindowNew(Input):
    number: Annotated[int, Field(ge=1, le=999, description="the window's number (1–999)")]
    name: text(100, description="e.g. 综合受理窗口; default N号窗口") = ""
    phone: text(100) = ""
    queues: list[Prefix] = Field(default_factory=list, max_length=26, description="queues it serves")
    serves_all: bool = Field(False, description="a 无差别综合受理窗口: serves every active queue")
    green_channel: bool = Field(False, description=GREEN_CHANNEL)
    codes = {"number": "invalid_number", "queues": "invalid_queue"}
    hints = {"number": "窗口号须为 1–999 的整数。", "number.missing": "请填写窗口号。",
             "queues": "queues 须为队列前缀字母的列表，例如 [\"A\", \"B\"]。"}


class WindowEdit(Input):
    name: maybe_text(100, "the window's name on screens and tickets") = None
    phone: text(100) = absent()
    queues: list[Prefix] = Field(None, max_length=26, description="queues it serves (replaces the list)",
                                 json_schema_extra=_no_default)
    serves_all: bool = absent("true: serve every active queue (a 无差别综合受理窗口)")
    active: bool = absent("false retires the window: not offered at the counter, not shown")
    green_channel: bool = absent(GREEN_CHANNEL)
    waiting: Waiting = absent("what to do with waiting tickets of queues left without a window")
    move_to: Prefix = absent("the queue for `waiting: move_to`")
    codes = {"name": "invalid_name", "queues": "invalid_queue", "waiting": "invalid_waiting",
             "move_to": "invalid_queue", "active": "invalid_active"}
    hints = {"name": "窗口名称不能为空，最多 100 个字。", "queues": "queues 须为队列前缀字母的列表。",
             **_WAITING_HINTS}


class QueueEdit(Input):
    name: maybe_text(100, "the queue's name, unique in the hall") = None
    prefix: Annotated[str, Field(pattern=r"^[A-Z]$")] = absent(
        "a new prefix letter A–Z, unique in the hall; new numbers only")
    domain: text(50, description="the field of service the kiosk browses by") = absent()
    kind: QueueKindField = absent("normal, complaint (有诉即办) or pickup (综合出件): a special "
                                  "queue gets a built-in scenario the kiosk issues from its home screen")
    active: bool = absent("false retires the queue (refused while scenarios use it)")
    waiting: Waiting = absent("what to do with its waiting tickets when retiring")
    move_to: Prefix = absent("the queue for `waiting: move_to`")
    daily_cap: Annotated[int, Field(ge=1, le=MAX_DAILY_CAP)] | None = Field(
        None, description="放号量: tickets the kiosks may issue in this queue per business day "
        f"(1–{MAX_DAILY_CAP}); null removes the cap; not sent: unchanged")
    codes = {"name": "invalid_name", "prefix": "invalid_prefix", "waiting": "invalid_waiting",
             "move_to": "invalid_queue", "active": "invalid_active", "daily_cap": "invalid_daily_cap",
             "kind": "invalid_kind"}
    hints = {"name": "队列名称不能为空，最多 100 个字。", "prefix": "前缀须为一个大写字母 A–Z。",
             "daily_cap": DAILY_CAP_HINT,
             "kind": "kind 只能是 normal（普通队列）、complaint（有诉即办）或 pickup（综合出件）。",
             **_WAITING_HINTS}


QueueKindField = Literal["normal", "complaint", "pickup"]
KIND_HINT = "kind 只能是 normal（普通队列）、complaint（有诉即办）或 pickup（综合出件）。"


class QueueNew(Input):
    name: nonblank_text(100, description="the queue's name, unique in the hall, e.g. 有诉即办")
    prefix: Annotated[str, Field(pattern=r"^[A-Z]$", description="its ticket letter, unique in the hall")]
    kind: QueueKindField = Field("normal", description="complaint: 有诉即办, pickup: 综合出件 — "
                                 "special queues the kiosk offers as big buttons on its home screen")
    windows: list[Annotated[int, Field(ge=1, le=999), BeforeValidator(_whole)]] = Field(
        default_factory=list, max_length=100,
        description="windows that serve it (the hall's 无差别综合受理 windows always do)")
    domain: text(50, description="the field of service the kiosk browses by") = ""
    daily_cap: Annotated[int, Field(ge=1, le=MAX_DAILY_CAP)] | None = Field(
        None, description="放号量: tickets the kiosks may issue in this queue per business day "
        f"(1–{MAX_DAILY_CAP}); null or not sent: no cap")
    codes = {"name": "invalid_name", "prefix": "invalid_prefix", "kind": "invalid_kind",
             "windows": "invalid_windows", "domain": "invalid_domain", "daily_cap": "invalid_daily_cap"}
    hints = {"name": "队列名称不能为空，最多 100 个字。", "name.missing": "请填写队列名称。",
             "prefix": "前缀须为一个大写字母 A–Z。", "prefix.missing": "请填写前缀字母。",
             "kind": KIND_HINT, "windows": "windows 须为窗口号（1–999）的列表。",
             "domain": "领域最多 50 个字。",
             "daily_cap": DAILY_CAP_HINT}


class AdminScenarioPath(Input):
    hall: HallCode
    scenario_id: IdText
    refusal = {"hall": UnknownHall, "scenario_id": UnknownScenario}


class AdminWindowPath(Input):
    hall: HallCode
    number: IdText
    refusal = {"hall": UnknownHall}


class AdminQueuePath(Input):
    hall: HallCode
    prefix: Prefix
    refusal = {"hall": UnknownHall}


class ImportPreview(Answer):
    filename: str
    format: Literal["text", "xlsx"]
    scenarios: int
    errors: list[dict[str, Any]]
    anomalies: list[dict[str, Any]] = Field(description="line, kind, message, other_line")
    anomaly_counts: dict[str, int]
    problems: list[dict[str, Any]] = Field(description="errors and anomalies in line order")
    token: str | None = Field(description="send it back with `apply: true` and the same file")
    catalog_version: int | None
    changes: dict[str, Any] | None = Field(description=(
        "added, changed, unchanged, retired (counts) and added_scenarios, changed_scenarios "
        "(with fields and field_labels), retired_scenarios (by name)"))
    can_apply: bool


class ImportApplied(Answer):
    hall: str
    catalog_version: int
    changes: dict[str, Any]
    notes: list[str]


class AdminScenario(Answer):
    id: int
    name: str
    section: str
    active: bool
    materials: list[str]
    notice: str
    time_limit: str
    phone: str
    queue: dict[str, Any]
    windows: list[int]


class AdminScenarios(Answer):
    hall: str
    catalog_version: int
    scenarios: list[AdminScenario]


class AdminWindow(Answer):
    number: int
    name: str
    phone: str
    active: bool
    green_channel: bool = Field(description="the hall's green-channel 专窗")
    queues: list[str]
    serves_all: bool = Field(False, description="a 无差别综合受理窗口: serves every active queue")
    waiting: int


class AdminQueue(Answer):
    id: int
    prefix: str
    name: str
    domain: str
    active: bool
    kind: Literal["normal", "complaint", "pickup"] = Field(
        "normal", description="complaint: 有诉即办, pickup: 综合出件 (kiosk home buttons)")
    windows: list[int]
    active_windows: list[int]
    waiting: int
    scenarios: int
    daily_cap: int | None = Field(description="放号量 per business day; null: no cap")


class WindowsAndQueues(Answer):
    hall: str
    windows: list[AdminWindow]
    queues: list[AdminQueue]
