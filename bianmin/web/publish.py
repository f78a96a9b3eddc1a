"""Domain events → Socket.IO, after the commit. The one place that emits to hall rooms."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime

from flask import current_app

from bianmin.queue.events import DomainEvent, QueueChanged, TicketIssued

log = logging.getLogger(__name__)

EVENT_NAMES: dict[type, str] = {
    TicketIssued: "ticket.issued",
    QueueChanged: "queue.changed",
}


def hall_room(hall_id: int) -> str:
    return f"hall:{hall_id}"


def payload(event: DomainEvent) -> dict:
    data = asdict(event)
    for key, value in data.items():
        if isinstance(value, datetime):
            data[key] = value.isoformat()
    if isinstance(event, QueueChanged):
        data["waiting"] = {str(k): v for k, v in event.waiting.items()}
    return data


def events(domain_events: Iterable[DomainEvent]) -> None:
    """Emit each event to its hall's room. Call only after the transaction has committed."""
    socketio = current_app.extensions.get("socketio")
    for event in domain_events:
        name = EVENT_NAMES[type(event)]
        try:
            socketio.emit(name, payload(event), to=hall_room(event.hall_id), namespace="/hall")
        except Exception:  # noqa: BLE001 - a screen update must never undo a committed ticket
            log.exception("could not publish %s v%s", name, event.version)
