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


DomainEvent = TicketIssued | QueueChanged
