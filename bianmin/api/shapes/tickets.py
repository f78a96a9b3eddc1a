"""Tickets: the kiosk's request for a number, a ticket as every answer shows it, printing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from bianmin.api.shapes.catalog import QueueRef
from bianmin.api.shapes.common import Answer, Id, IdText, Input, text

STATUSES = Literal["waiting", "called", "serving", "done", "no_show", "transferred", "cancelled", "held",
                   "unserved"]
PRINT_STATUSES = Literal["pending", "printed", "offline", "timeout", "paper_out", "error", "none"]
MAX_REQUEST_ID = 100
# the kiosk page keeps at most 100 characters of its name (kiosk/static/js/session.js)
MAX_KIOSK = 100

# a database id as a JSON integer, or as a string of ASCII digits (forms send "12")
IdOrDigits = Annotated[
    Id
    | Annotated[str, Field(pattern=r"^[1-9][0-9]{0,8}$", max_length=9)],
    AfterValidator(int),
]


class TicketRequest(Input):
    scenario_id: IdOrDigits = Field(description="the scenario's id (a positive integer)")
    priority: Literal["normal", "green"] | None = Field(
        "normal", description="green: 绿色通道 (elderly, disabled…); null means normal")
    request_id: text(MAX_REQUEST_ID, min_length=1,
                     description="chosen by the kiosk, once per press of 取号") | None = None
    kiosk: text(MAX_KIOSK, description="a label for the ticket log in open mode; never "
                "chooses a printer (an enrolled kiosk's tickets carry the device's name)") | None = None
    codes = {"scenario_id": "invalid_scenario_id", "priority": "invalid_priority",
             "request_id": "invalid_request_id", "kiosk": "invalid_kiosk"}
    hints = {"scenario_id": "请选择要办理的事项（scenario_id 必须是 1–2147483647 的整数）。",
             "priority": "priority 只能是 normal 或 green。",
             "request_id": f"request_id 必须是 1–{MAX_REQUEST_ID} 个字符的字符串。",
             "kiosk": f"kiosk 必须是不超过 {MAX_KIOSK} 个字符的取号机名称。"}


class ReprintRequest(Input):
    kiosk: text(MAX_KIOSK, description="print on this registered kiosk's printer "
                "(default: the issuing kiosk's)") | None = None
    codes = {"kiosk": "invalid_kiosk"}
    hints = {"kiosk": f"kiosk 必须是不超过 {MAX_KIOSK} 个字符的取号机名称。"}


class TicketTokenQuery(Input):
    token: text(100, description="the ticket's `token` (as in its status_url); "
                "or send it as the header X-Ticket-Token") | None = None


class PrintStatus(Answer):
    job_id: int | None = Field(description="null: no printer attached")
    status: PRINT_STATUSES
    message: str = Field(description="what the kiosk tells the visitor, in Chinese")
    attempt: int
    error: str = Field("", description="the printer fault in Chinese, for staff")


class PrintAttempt(Answer):
    job_id: int
    attempt: int
    status: Literal["pending", "printed", "offline", "timeout", "paper_out", "error"]
    error: str
    device: str = Field(description="printer URL without credentials")
    requested_by: int | None = Field(description="staff id of a reprint")
    created_at: datetime
    finished_at: datetime | None


class ScenarioRef(Answer):
    id: int
    name: str


class WindowRef(Answer):
    number: int
    name: str


class TicketFields(Answer):
    """What every answer about a ticket shares (bianmin.api.ticket_json)."""

    id: int
    number: str = Field(description="queue prefix and at least three digits, e.g. A012")
    status: STATUSES
    priority: Literal["normal", "green"]
    source: Literal["kiosk", "guide"] = Field(
        "kiosk", description="guide: issued at the guide desk for the visitor (帮办代办)")
    queue: QueueRef
    windows: list[int] = Field(description="window numbers serving the ticket's queue")
    called_window: int | None = Field(description="the window that called it")
    ahead: int = Field(description="waiting tickets called before this one")
    scenario: ScenarioRef
    materials: list[str] = Field(description="the complete checklist (一次性告知), in order")
    notice: str
    time_limit: str = Field(description="short display text, e.g. 承诺5个工作日")
    role_label: str
    phone: str
    business_day: date
    issued_at: datetime


class WaitEstimate(Answer):
    """The estimated wait as a range (bianmin.queue.estimate; docs/kiosk.md)."""

    ahead: int = Field(description="people before the visitor")
    windows: int = Field(description="windows open for the queue now (signed in, not paused)")
    low_min: int = Field(description="low end, minutes (a multiple of 5)")
    high_min: int = Field(description="high end, minutes (a multiple of 5)")
    text: str = Field(description="as shown, e.g. 约10–20分钟")


class Ticket(TicketFields):
    hall: str
    wait: WaitEstimate | None = Field(None, description="the estimated wait while the ticket "
                                      "waits; null once called or ended")
    window_details: list[WindowRef]
    token: str = Field(description="the ticket's signed token: send it as X-Ticket-Token "
                       "(or ?token=) to read the ticket again")
    status_url: str = Field(description="the status page behind the ticket's QR code")
    qr_svg_url: str = Field(description="that page's QR code as SVG")
    print: PrintStatus


class IssuingQuery(Input):
    scenario_id: IdText | None = Field(None, description="ask for this scenario: its queue's "
                                           "cap, the long-matter cut-off, the wait estimate")
    priority: Literal["normal", "green"] | None = Field("normal", description="for the estimate")
    codes = {"scenario_id": "invalid_scenario_id", "priority": "invalid_priority"}
    hints = {"scenario_id": "scenario_id 必须是 1–2147483647 的整数。",
             "priority": "priority 只能是 normal 或 green。"}


class Issuing(Answer):
    """Whether the kiosk may issue now (and for the scenario asked), and why not."""

    open: bool = Field(description="the hall is within its opening hours (always, without hours)")
    issuing: bool = Field(description="a ticket (of the scenario, if asked) would be issued now")
    reason: Literal["", "hall_closed", "long_matter_closed", "queue_full", "matter_withdrawn"] = Field(
        description="why not: the same code takeTicket's 409 carries")
    message: str = Field(description="what the kiosk says, in Chinese; \"\" while issuing")
    next_open: datetime | None = Field(description="closed: the next opening (hall's time)")
    closes_at: datetime | None = Field(description="open with hours: when this range ends")
    long_until: datetime | None = Field(description="from then on long matters (承诺件) stop")
    cap: int | None = Field(None, description="the queue's 放号量 (scenario asked); null: none")
    left: int | None = Field(None, description="tickets left under the cap today")
    wait: WaitEstimate | None = Field(None, description="the estimate for a ticket taken now")


class Reprint(Answer):
    ticket_id: int
    print: PrintStatus
    history: list[PrintAttempt]


class PrintHistory(Answer):
    ticket_id: int
    history: list[PrintAttempt]
