"""Domain events: what happened, as past-tense facts, published only after the commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class TicketIssued:
    hall_id: int
    ticket_id: int
    number: str
    queue_id: int
    scenario_id: int
    priority: str
    at: datetime
    # the hall's event version this change was given (see queue.versions)
    version: int


@dataclass(frozen=True)
class QueueChanged:
    """Waiting counts of the queues a change touched, after the change."""

    hall_id: int
    version: int
    at: datetime
    # waiting tickets per queue id
    waiting: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TicketCalled:
    """A window called a ticket (or called it again: ``recall``)."""

    hall_id: int
    ticket_id: int
    number: str
    queue_id: int
    window_id: int
    window_number: int
    window_name: str
    recall: bool
    # how many times it was called again after the first call
    recall_count: int
    at: datetime
    version: int
    # how the window chose it: "next" (叫号), "held" (回叫挂起), "pick" (选叫), "requeue"
    # (a 过号 ticket staff put back straight to their window is not one: it waits again)
    via: str = "next"


@dataclass(frozen=True)
class TicketHeld:
    """挂起: the ticket left its window to wait aside until it is called back or expires."""

    hall_id: int
    ticket_id: int
    number: str
    window_number: int
    at: datetime
    version: int
    # when the hold runs out and the ticket is closed as 过号
    until: datetime | None = None


@dataclass(frozen=True)
class TicketRequeued:
    """过号重排: a no-show ticket is waiting again, behind ``ahead`` tickets of its line."""

    hall_id: int
    ticket_id: int
    number: str
    queue_id: int
    ahead: int
    at: datetime
    version: int
    # "counter" (staff) or "kiosk" (the visitor scanned the ticket's QR code)
    by: str = "counter"


@dataclass(frozen=True)
class TicketStarted:
    """The visitor arrived at the window; service began."""

    hall_id: int
    ticket_id: int
    number: str
    window_number: int
    at: datetime
    version: int


@dataclass(frozen=True)
class TicketFinished:
    """Service ended; ``outcome`` is a code of ``queue.outcomes.Outcome``."""

    hall_id: int
    ticket_id: int
    number: str
    window_number: int
    outcome: str
    at: datetime
    version: int
    # what the window's rating tablet shows when it wakes (added for 好差评)
    scenario_id: int = 0
    scenario: str = ""


@dataclass(frozen=True)
class TicketNoShow:
    """The called visitor did not come (过号)."""

    hall_id: int
    ticket_id: int
    number: str
    window_number: int
    at: datetime
    version: int


@dataclass(frozen=True)
class TicketTransferred:
    """A ticket left this window for another queue as a new waiting ticket."""

    hall_id: int
    ticket_id: int
    new_ticket_id: int
    number: str
    new_number: str
    from_window_number: int
    to_queue_id: int
    at: datetime
    version: int
    # what the window's rating tablet shows when it wakes (added for 好差评)
    scenario_id: int = 0
    scenario: str = ""


@dataclass(frozen=True)
class WindowPaused:
    """The window shows 暂停服务 and calls no one until it resumes."""

    hall_id: int
    window_id: int
    window_number: int
    window_name: str
    at: datetime
    version: int
    # the reason given at the counter (午间休息 …), "" when none
    reason: str = ""


@dataclass(frozen=True)
class WindowResumed:
    hall_id: int
    window_id: int
    window_number: int
    window_name: str
    at: datetime
    version: int


DomainEvent = (
    TicketIssued
    | QueueChanged
    | TicketCalled
    | TicketStarted
    | TicketFinished
    | TicketNoShow
    | TicketHeld
    | TicketRequeued
    | TicketTransferred
    | WindowPaused
    | WindowResumed
)
