"""One ticket's history reduced to the facts a report counts (pure: no database, no Flask).

The event log is the source: a ticket's ``issued``, first ``called``, ``started`` and
``finished`` times, its recalls and how it ended at which window, by whom. The group keys
(day, hour, queue, …) are fixed here, in the hall's timezone, as they were at the time:
the queue is the ticket number's prefix as printed, not the queue's name today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo


@dataclass
class TicketFacts:
    ticket_id: int
    day: date
    # hour of issue (0–23) in the hall's timezone
    hour: int
    # the ticket number's prefix as printed, e.g. "A"
    queue: str
    scenario: str
    kiosk: str
    issued_at: datetime
    first_called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    # finished: the outcome code; else None
    outcome: str | None = None
    # no_show | transferred | cancelled | finished | None (still open at the period's end)
    end: str | None = None
    recalls: int = 0
    # the window number and staff id of the ticket's last act at a window (None: never called)
    window: int | None = None
    staff: int | None = None
    rating: int | None = None
    # a bad rating's follow-up: "in_time" (closed by its due time), "late" (closed after it),
    # "open" (not closed, or no follow-up row); None for other tickets
    followup: str | None = None
    hall: str = ""
    # names as they were (the roll-up freezes them): the queue's, the scenario's department,
    # the window's, the staff member's
    queue_name: str = ""
    department: str = ""
    window_name: str = ""
    staff_name: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def prefix_of(code: str) -> str:
    """"A012" → "A": the letters before the number, as the ticket was printed."""
    return code.rstrip("0123456789") or code


def local(at: datetime, zone: ZoneInfo) -> datetime:
    return at.astimezone(zone)
