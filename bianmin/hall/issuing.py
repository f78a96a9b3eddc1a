"""May the kiosk issue now? The question ``issue_ticket`` answers by refusing, asked first.

The kiosk asks before the visitor presses 取号 (and on its home screen, every minute), so
that a closed hall, a long matter near closing or a full queue (放号量) is said plainly
instead of a button that fails; with a scenario it also gets the wait estimate for a ticket
taken now. The refusals are exactly those of ``queue/limits.py`` that ``issue_ticket``
raises, so the two never disagree (except a queue filling up in between: then 取号 says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bianmin.catalog.guide import withdrawn_message
from bianmin.catalog.models import Hall, WindowGroup
from bianmin.catalog.queries import UnknownScenario, get_hall
from bianmin.hall.waits import estimate_for, waiting_before
from bianmin.queue import limits
from bianmin.queue.cards import scenario_card
from bianmin.queue.clock import business_day
from bianmin.queue.errors import MatterWithdrawn
from bianmin.queue.estimate import Estimate
from bianmin.queue.models import Priority, Ticket


@dataclass(frozen=True)
class Issuing:
    open: bool
    refusal: limits.NotIssuing | MatterWithdrawn | None
    next_open: datetime | None
    closes_at: datetime | None
    long_until: datetime | None
    cap: int | None = None
    left: int | None = None
    wait: Estimate | None = None

    def as_json(self) -> dict[str, object]:
        refusal = self.refusal
        return {
            "open": self.open, "issuing": refusal is None,
            "reason": refusal.code if refusal else "", "message": refusal.message if refusal else "",
            "next_open": _iso(self.next_open), "closes_at": _iso(self.closes_at),
            "long_until": _iso(self.long_until), "cap": self.cap, "left": self.left,
            "wait": self.wait.as_json() if self.wait else None,
        }


def issuing_state(session: Session, hall_code: str, now: datetime, *, scenario_id: int | None = None,
                  priority: Priority = Priority.NORMAL) -> Issuing:
    """The hall's answer now; for a scenario also its queue's cap and the wait estimate."""
    hall: Hall = get_hall(session, hall_code)
    state = limits.gate(hall.hours, hall.timezone, hall.long_cutoff_minutes, now)
    base = {"open": state.open, "next_open": state.next_open, "closes_at": state.closes_at,
            "long_until": state.long_until}
    if scenario_id is None:
        return Issuing(refusal=limits.refusal(state, now, long=False), **base)
    card = scenario_card(session, scenario_id, hall.catalog_version)
    if card is None or card.hall_id != hall.id or not card.active:
        raise UnknownScenario(hall=hall.code, scenario=scenario_id)
    if card.withdrawn or card.queue is None:
        # the hall no longer handles it (no ticket): the kiosk says where to go instead
        message = withdrawn_message(card.handed_to) + "。此事项不取号。"
        return Issuing(refusal=MatterWithdrawn(message, handed_to=card.handed_to), **base)
    refusal = limits.refusal(state, now, long=card.long)
    day = business_day(now, hall.timezone)
    cap = session.scalar(select(WindowGroup.daily_cap).where(WindowGroup.id == card.queue.id))
    left = None
    if cap is not None:
        issued = session.scalar(select(func.count(Ticket.id)).where(
            Ticket.hall_id == hall.id, Ticket.queue_id == card.queue.id,
            Ticket.business_day == day, Ticket.transferred_from_id.is_(None))) or 0
        left = max(cap - issued, 0)
        if refusal is None:
            refusal = limits.full(cap, issued, limits.next_day_opening(hall.hours, hall.timezone, now), now)
    wait = None
    if refusal is None:
        ahead = waiting_before(session, hall.id, card.queue.id, day, priority)
        wait = estimate_for(session, hall.id, card.queue.id, ahead, now)
    return Issuing(refusal=refusal, cap=cap, left=left, wait=wait, **base)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
