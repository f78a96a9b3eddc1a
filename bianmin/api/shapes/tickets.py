"""Tickets: the kiosk's request for a number, a ticket as every answer shows it, printing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from bianmin.api.shapes.catalog import QueueRef
from bianmin.api.shapes.common import Answer, Id, Input, text

STATUSES = Literal["waiting", "called", "serving", "done", "no_show", "transferred", "cancelled", "held"]
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


class Ticket(TicketFields):
    hall: str
    window_details: list[WindowRef]
    token: str = Field(description="the ticket's signed token: send it as X-Ticket-Token "
                       "(or ?token=) to read the ticket again")
    status_url: str = Field(description="the status page behind the ticket's QR code")
    qr_svg_url: str = Field(description="that page's QR code as SVG")
    print: PrintStatus


class Reprint(Answer):
    ticket_id: int
    print: PrintStatus
    history: list[PrintAttempt]


class PrintHistory(Answer):
    ticket_id: int
    history: list[PrintAttempt]
