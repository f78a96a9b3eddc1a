"""A ticket as JSON: the fields every API answer about a ticket shares."""

from __future__ import annotations

from bianmin.queue.tickets import TicketInfo


def ticket_fields(info: TicketInfo) -> dict:
    """Number, state, queue and windows, scenario and its checklist (一次性告知)."""
    return {
        "id": info.id,
        "number": info.number,
        "status": info.status.value,
        "priority": info.priority.value,
        # kiosk, or guide: taken at the guide desk for the visitor (帮办代办)
        "source": info.source.value,
        "queue": {"id": info.queue_id, "name": info.queue_name, "prefix": info.queue_prefix},
        "windows": [w.number for w in info.windows],
        "called_window": info.called_window,
        "ahead": info.ahead,
        "scenario": {"id": info.scenario_id, "name": info.scenario_name},
        "materials": list(info.materials),
        "notice": info.notice,
        "time_limit": info.time_limit,
        "role_label": info.role_label,
        "phone": info.phone,
        "business_day": info.business_day.isoformat(),
        "issued_at": info.issued_at.isoformat(),
    }
