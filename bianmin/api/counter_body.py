"""JSON shapes of the counter API: a ticket at a window, a window, a window's day."""

from __future__ import annotations

from datetime import datetime

from bianmin.api.ticket_json import ticket_fields
from bianmin.queue.desk import STATUS_LABELS
from bianmin.queue.models import Priority, TicketStatus
from bianmin.queue.outcomes import OUTCOME_HINTS, OUTCOME_LABELS
from bianmin.queue.window_view import (
    CounterTicket,
    TransferTargets,
    WindowStatus,
    WindowToday,
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def ticket_json(ticket: CounterTicket) -> dict:
    info = ticket.info
    return {
        **ticket_fields(info),
        "status_label": STATUS_LABELS[TicketStatus(info.status)],
        "green": info.priority == Priority.GREEN,
        "for_window": ticket.for_window,
        "transferred_from": ticket.transferred_from,
        "matter": info.matter,
        "queued_since": _iso(ticket.queued_since),
        "called_at": _iso(ticket.called_at),
        "started_at": _iso(ticket.started_at),
        "finished_at": _iso(ticket.finished_at),
        "recall_count": ticket.recall_count,
    }


def window_json(window: WindowStatus) -> dict:
    return {
        "number": window.number,
        "name": window.name,
        "paused": window.paused,
        "paused_at": _iso(window.paused_at),
        "paused_by": window.paused_by,
        "pause_reason": window.pause_reason,
    }


def today_json(today: WindowToday, targets: TransferTargets) -> dict:
    return {
        "window": window_json(today.window),
        "business_day": today.business_day.isoformat(),
        "queues": [{"id": q.id, "prefix": q.prefix, "name": q.name} for q in today.queues],
        "current": ticket_json(today.current) if today.current else None,
        "waiting": [
            {
                "id": w.ticket_id, "number": w.number, "scenario": w.scenario,
                "queue_prefix": w.queue_prefix, "queued_since": _iso(w.queued_since),
                "green": w.green, "for_this_window": w.for_this_window,
            }
            for w in today.waiting
        ],
        "waiting_total": today.waiting_total,
        "held": [
            {"id": t.ticket_id, "number": t.number, "scenario": t.scenario,
             "held_at": _iso(t.held_at), "until": _iso(t.until)}
            for t in today.held
        ],
        "keep_place": {"hold_minutes": today.limits[0], "requeue_ahead": today.limits[1],
                       "requeue_minutes": today.limits[2]},
        "counts": {
            "called": today.counts.called, "served": today.counts.served,
            "no_show": today.counts.no_show, "transferred": today.counts.transferred,
        },
        "outcomes": [
            {"code": o.value, "label": label, "hint": OUTCOME_HINTS[o]}
            for o, label in OUTCOME_LABELS.items()
        ],
        "transfer_targets": {
            "queues": [{"id": q.id, "prefix": q.prefix, "name": q.name} for q in targets.queues],
            "windows": [{"number": n, "name": name} for n, name in targets.windows],
        },
    }
