"""Counter actions: their bodies and the ticket, window and day a counter screen reads."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from bianmin.api.shapes.catalog import QueueRef
from bianmin.api.shapes.common import Answer, Id, Input, absent, text
from bianmin.api.shapes.notices import NoticeBody, NoticeFields
from bianmin.api.shapes.session import WindowNumber
from bianmin.api.shapes.tickets import TicketFields
from bianmin.queue.call_errors import InvalidOutcome, InvalidTransferTarget
from bianmin.queue.outcomes import OUTCOME_LABELS, Outcome

OUTCOMES = tuple([*[o.value for o in Outcome], *OUTCOME_LABELS.values()])


class NoFields(Input):
    """No fields: an empty body or ``{}``, sent as ``application/json`` (keeps forms out)."""


class Pause(Input):
    reason: text(100, description="optional: why the window pauses (kept in the audit trail)") = ""
    codes = {"reason": "invalid_reason"}
    hints = {"reason": "暂停原因最多 100 个字。"}


class Finish(Input):
    outcome: Literal[OUTCOMES + ("",)] | None = Field(None, description=(  # type: ignore[valid-type]
        "a code or its Chinese label; none or empty means done: " + "、".join(
            f"{o.value} {label}" for o, label in OUTCOME_LABELS.items())))
    notice: NoticeFields | None = Field(None, description=(
        "受理/补正/退办: the written notice's data (补正 needs `missing` or `note`, 退办 "
        "`reason`); other outcomes ignore it"))
    codes = {"outcome": InvalidOutcome.code, "notice": "invalid_notice"}
    hints = {"outcome": InvalidOutcome.message,
             "notice": "notice 须是对象：missing（材料序号列表）、note、reason、turn_to。"}


class Transfer(Input):
    """Exactly one target: a queue (id or prefix) or one window."""

    queue: Id | Annotated[
        str, Field(pattern=r"^[A-Za-z0-9]{1,9}$")] = absent("queue id or prefix, e.g. 2 or \"B\"")
    window: WindowNumber = absent("window number")
    codes = {"queue": InvalidTransferTarget.code, "window": "invalid_window",
             ".transfer_target": InvalidTransferTarget.code}
    hints = {"queue": "queue 应为队列编号或队列字母，例如 3 或 \"B\"。",
             "window": "请填写窗口号（正整数，例如 3）。",
             ".transfer_target": InvalidTransferTarget.message}
    model_config = ConfigDict(json_schema_extra={
        "oneOf": [{"required": ["queue"]}, {"required": ["window"]}]})

    @model_validator(mode="after")
    def _one_target(self) -> Any:
        if (self.queue is None) == (self.window is None):
            raise PydanticCustomError("transfer_target", "exactly one of queue and window")
        return self


class Cancel(Input):
    ticket: Id = Field(description="the waiting ticket's id")
    codes = {"ticket": "invalid_ticket"}
    hints = {"ticket": "请指定要取消的号（ticket 为排队号的 id，正整数）。"}


class TicketChoice(Input):
    """回叫挂起 and 选叫: the ticket (its id, from the window's ``held`` or ``waiting`` list)."""

    ticket: Id = Field(description="the ticket's id (from `held` or `waiting` of GET /windows/<n>)")
    codes = {"ticket": "invalid_ticket"}
    hints = {"ticket": "请选择一个号（ticket 为号的 id，正整数）。"}


# a ticket number as printed: the queue's letters and its digits, e.g. A012
TICKET_NUMBER = r"^\s*[A-Za-z]{0,9}[0-9]{1,6}\s*$"


class Requeue(Input):
    number: Annotated[str, Field(pattern=TICKET_NUMBER, max_length=20, description=(
        "the no-show ticket's number as printed on it, e.g. A012"))]
    codes = {"number": "invalid_number"}
    hints = {"number": "请输入过号的号码，例如 A012。"}


class CounterTicket(TicketFields):
    status_label: str
    green: bool
    for_window: int | None = Field(description="transferred to this window only")
    transferred_from: str | None = Field(description="e.g. A012")
    matter: str
    queued_since: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    recall_count: int


class FinishedTicket(CounterTicket):
    notice: NoticeBody | None = Field(None, description=(
        "受理/补正/退办: the notice issued with the outcome, printing on the window's printer"))


class CounterWindow(Answer):
    number: int
    name: str
    paused: bool
    paused_at: datetime | None
    paused_by: int | None
    pause_reason: str = Field("", description="the reason given when pausing (午间休息 …); empty when none or not paused")


class Waiting(Answer):
    id: int
    number: str
    scenario: str
    queue_prefix: str
    queued_since: datetime
    green: bool
    for_this_window: bool


class Counts(Answer):
    called: int
    served: int
    no_show: int
    transferred: int


class OutcomeChoice(Answer):
    code: str
    label: str
    hint: str


class WindowChoice(Answer):
    number: int
    name: str


class TransferTargets(Answer):
    queues: list[QueueRef]
    windows: list[WindowChoice]


class LastFinished(Answer):
    ticket_id: int
    number: str
    rated: bool
    level: int | None


class Satisfaction(Answer):
    count: int = Field(description="ratings of the window's tickets of the day")
    satisfied: int = Field(description="of them, level 4 or 5")
    share: float | None = Field(description="satisfied / count; null without ratings")


class CounterRatings(Answer):
    last_finished: LastFinished | None
    today: Satisfaction


class Held(Answer):
    id: int
    number: str
    scenario: str
    held_at: datetime
    until: datetime = Field(description="when the hold runs out and the ticket becomes 过号")


class KeepPlace(Answer):
    """The hall's limits for keeping a visitor's place (hall settings, docs/admin.md)."""

    hold_minutes: int
    requeue_ahead: int
    requeue_minutes: int


class WindowToday(Answer):
    window: CounterWindow
    business_day: date
    queues: list[QueueRef]
    current: CounterTicket | None
    waiting: list[Waiting]
    waiting_total: int
    counts: Counts
    outcomes: list[OutcomeChoice]
    notice_reasons: list[str] = Field(description="退办: the usual reasons offered as buttons")
    turn_to_suggestions: list[str] = Field(description="退办: suggestions for 转往")
    last_notice: NoticeBody | None = Field(None, description=(
        "the notice of this window's last finished ticket today (for 补打通知书)"))
    transfer_targets: TransferTargets
    held: list[Held] = Field(description="挂起中: tickets held at this window, oldest first")
    keep_place: KeepPlace
    ratings: CounterRatings = Field(description=(
        "好差评: the last finished (or transferred) visitor of today and whether they "
        "rated; the window's satisfaction today (share of 4–5 among today's ratings); "
        "live: `ticket.rated` to the window's room"))

