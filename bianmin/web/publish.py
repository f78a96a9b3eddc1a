"""Domain events → Socket.IO messages, after the commit. The one place that emits to rooms.

Every event goes to its hall's room ``hall:<id>`` (so one version stream reaches every
screen of the hall); an event about one window is addressed to ``window:<id>`` as well.
python-socketio sends a message addressed to several rooms once per client, so a window
screen that sits in both rooms gets it once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from flask import current_app
from sqlalchemy import select

from bianmin.catalog.models import Window
from bianmin.hall.events import HallChanged
from bianmin.queue import events as ev
from bianmin.queue.snapshot import Call, HallSnapshot
from bianmin.ratings.events import FollowUpChanged, TicketRated
from bianmin.web.runtime import runtime

log = logging.getLogger(__name__)

NAMESPACE = "/hall"

# contract names (docs/realtime.md); ticket.started is our extension
EVENT_NAMES: dict[type, str] = {
    ev.TicketIssued: "ticket.issued",
    ev.QueueChanged: "queue.changed",
    ev.TicketCalled: "ticket.called",
    ev.TicketStarted: "ticket.started",
    ev.TicketFinished: "ticket.finished",
    ev.TicketNoShow: "ticket.no_show",
    # keeping the visitor's place (docs/counter.md): 挂起 and 过号重排
    ev.TicketHeld: "ticket.held",
    ev.TicketRequeued: "ticket.requeued",
    ev.TicketTransferred: "ticket.transferred",
    ev.WindowPaused: "window.paused",
    ev.WindowResumed: "window.resumed",
    # the hall's settings (name, phone, notice …) changed: screens redraw at once
    HallChanged: "hall.changed",
}


def hall_room(hall_id: int) -> str:
    return f"hall:{hall_id}"


def managers_room(hall_id: int) -> str:
    """The hall's managers (/manage/): ratings and follow-ups, nothing a screen shows."""
    return f"managers:{hall_id}"


def window_room(window_id: int) -> str:
    return f"window:{window_id}"


def staff_room(staff_id: int) -> str:
    """Every connection made with this account's session cookie (a counter terminal)."""
    return f"staff:{staff_id}"


def _iso(value: datetime) -> str:
    return value.isoformat()


def _common(event: Any) -> dict[str, Any]:
    return {"hall_id": event.hall_id, "at": _iso(event.at), "version": event.version}


def payload(event: Any) -> dict[str, Any]:
    """What a screen needs to draw the change without asking the server again."""
    data = _common(event)
    if isinstance(event, ev.TicketIssued):
        data.update(ticket_id=event.ticket_id, number=event.number, queue_id=event.queue_id,
                    priority=event.priority)
    elif isinstance(event, ev.QueueChanged):
        data["waiting"] = {str(queue): count for queue, count in event.waiting.items()}
    elif isinstance(event, ev.TicketCalled):
        data.update(ticket_id=event.ticket_id, number=event.number, queue_id=event.queue_id,
                    window=event.window_number, window_id=event.window_id,
                    window_name=event.window_name, recall=event.recall,
                    recall_count=event.recall_count, via=event.via)
    elif isinstance(event, (ev.TicketStarted, ev.TicketNoShow)):
        data.update(ticket_id=event.ticket_id, number=event.number, window=event.window_number)
    elif isinstance(event, ev.TicketHeld):
        data.update(ticket_id=event.ticket_id, number=event.number, window=event.window_number,
                    until=_iso(event.until) if event.until else None)
    elif isinstance(event, ev.TicketRequeued):
        data.update(ticket_id=event.ticket_id, number=event.number, queue_id=event.queue_id,
                    ahead=event.ahead, by=event.by)
    elif isinstance(event, ev.TicketFinished):
        data.update(ticket_id=event.ticket_id, number=event.number, window=event.window_number,
                    outcome=event.outcome, code=event.number, scenario_id=event.scenario_id,
                    scenario=event.scenario)
    elif isinstance(event, ev.TicketTransferred):
        data.update(ticket_id=event.ticket_id, number=event.number, window=event.from_window_number,
                    new_ticket_id=event.new_ticket_id, new_number=event.new_number,
                    to_queue_id=event.to_queue_id, code=event.number,
                    scenario_id=event.scenario_id, scenario=event.scenario)
    elif isinstance(event, HallChanged):
        data.update(fields=list(event.fields), hall={
            "name": event.name, "complaint_phone": event.complaint_phone,
            "notice": event.notice, "timezone": event.timezone})
    elif isinstance(event, (ev.WindowPaused, ev.WindowResumed)):
        data.update(window=event.window_number, window_id=event.window_id,
                    window_name=event.window_name)
        if isinstance(event, ev.WindowPaused):
            data["reason"] = event.reason
    return data


def window_id_of(event: Any) -> int | None:
    """The window an event is about, for its ``window:<id>`` room; None for hall-wide ones."""
    window_id = getattr(event, "window_id", None)
    if window_id is not None:
        return window_id
    number = getattr(event, "window_number", None) or getattr(event, "from_window_number", None)
    if number is None:
        return None
    # after the commit, outside any write transaction: a plain read is allowed here
    with runtime().db.read() as session:
        return session.scalar(
            select(Window.id).where(Window.hall_id == event.hall_id, Window.number == number)
        )


def rooms_of(event: Any) -> list[str]:
    rooms = [hall_room(event.hall_id)]
    window_id = window_id_of(event)
    if window_id is not None:
        rooms.append(window_room(window_id))
    return rooms


def events(domain_events: Iterable[ev.DomainEvent]) -> None:
    """Emit each event to its rooms. Call only after the transaction has committed.

    A failure to publish (e.g. Redis unreachable) is logged and swallowed: the change is
    committed, and screens catch up from the snapshot at their next version gap or reconnect.
    """
    socketio = current_app.extensions.get("socketio")
    for index, event in enumerate(domain_events):
        if index:
            # let the previous event reach every screen before queueing the next one behind
            # it: a call is shown after one message per screen, not after two (we are past
            # the commit, so yielding here holds no lock)
            socketio.sleep(0)
        name = EVENT_NAMES[type(event)]
        try:
            socketio.emit(name, payload(event), to=rooms_of(event), namespace=NAMESPACE)
        except Exception:  # noqa: BLE001 - a screen update must never undo a committed change
            log.exception("could not publish %s v%s", name, event.version)


def rating_events(changes: Iterable[TicketRated | FollowUpChanged]) -> None:
    """``ticket.rated`` to the window's room and the managers; ``follow_up.changed`` to the
    managers. Not part of the hall's version stream: screens that count versions see none."""
    socketio = current_app.extensions.get("socketio")
    for change in changes:
        try:
            if isinstance(change, TicketRated):
                rooms = [managers_room(change.hall_id)]
                if change.window_id is not None:
                    rooms.append(window_room(change.window_id))
                socketio.emit("ticket.rated", rated_payload(change), to=rooms, namespace=NAMESPACE)
            else:
                socketio.emit("follow_up.changed", {
                    "hall_id": change.hall_id, "rating_id": change.rating_id,
                    "state": change.state, "action": change.action, "at": _iso(change.at),
                }, to=managers_room(change.hall_id), namespace=NAMESPACE)
        except Exception:  # noqa: BLE001 - the rating is committed; pages catch up on reload
            log.exception("could not publish a rating change for hall %s", change.hall_id)


def catalog_changed(hall_id: int, catalog_version: int) -> None:
    """The catalog, a window or a queue changed: kiosks reload the catalog, screens take a
    new snapshot. Not part of the version stream (like the rating events)."""
    try:
        current_app.extensions["socketio"].emit(
            "catalog.changed", {"hall_id": hall_id, "catalog_version": catalog_version,
                                "at": _iso(datetime.now(timezone.utc))},
            to=hall_room(hall_id), namespace=NAMESPACE)
    except Exception:  # noqa: BLE001 - the change is committed; kiosks reload at the next visitor
        log.exception("could not publish catalog.changed for hall %s", hall_id)


def on_duty_changed(hall_id: int, window_number: int | None) -> None:
    """A sign-in or sign-out at a window: its rating tablet asks …/on-duty again."""
    if window_number is None:
        return
    try:
        with runtime().db.read() as session:
            window_id = session.scalar(select(Window.id).where(
                Window.hall_id == hall_id, Window.number == window_number))
        if window_id is not None:
            current_app.extensions["socketio"].emit(
                "window.on_duty", {"hall_id": hall_id, "window": window_number,
                                   "window_id": window_id}, to=window_room(window_id),
                namespace=NAMESPACE)
    except Exception:  # noqa: BLE001 - the sign-in is done; the tablet catches up when idle
        log.exception("could not publish window.on_duty for window %s", window_number)


def sessions_ended(staff_id: int, reason: str) -> None:
    """An account's sessions were ended (disabled, password reset): its open counter pages
    ask the server again at once, get 401 and go back to the sign-in form."""
    try:
        current_app.extensions["socketio"].emit(
            "session.ended", {"staff_id": staff_id, "reason": reason}, to=staff_room(staff_id),
            namespace=NAMESPACE)
    except Exception:  # noqa: BLE001 - the sessions are ended; the page finds out at its next request
        log.exception("could not publish session.ended for staff %s", staff_id)


def rated_payload(event: TicketRated) -> dict[str, Any]:
    """What the tablet, the counter and the managers' list need without asking again."""
    from bianmin.ratings.queries import window_satisfaction

    satisfaction = None
    if event.window_id is not None:
        with runtime().db.read() as session:
            satisfaction = window_satisfaction(session, event.window_id, event.business_day).as_dict()
    return {
        "hall_id": event.hall_id, "ticket_id": event.ticket_id, "rating_id": event.rating_id,
        "number": event.number, "level": event.level, "reasons": list(event.reasons),
        "bad": event.level <= 2, "channel": event.channel, "window": event.window_number,
        "window_id": event.window_id, "staff_id": event.staff_id, "at": _iso(event.at),
        # the window's figure for the ticket's business day, this rating included
        "satisfaction": satisfaction,
    }


def call_payload(call: Call) -> dict[str, Any]:
    """One call as the snapshot lists it; the same keys as a ``ticket.called`` message."""
    return {
        "ticket_id": call.ticket_id,
        "number": call.number,
        "status": call.status,
        "queue_id": call.queue_id,
        "window": call.window_number,
        "window_id": call.window_id,
        "window_name": call.window_name,
        "recall": call.recall_count > 0,
        "recall_count": call.recall_count,
        "at": _iso(call.called_at),
    }


def snapshot_payload(snapshot: HallSnapshot) -> dict[str, Any]:
    """The body of ``GET …/snapshot`` and of the ``snapshot`` message: the same dict."""
    return {
        "version": snapshot.version,
        "hall": {
            "id": snapshot.hall_id,
            "code": snapshot.hall_code,
            "name": snapshot.hall_name,
            "timezone": snapshot.timezone,
            "complaint_phone": snapshot.complaint_phone,
            "notice": snapshot.notice,
        },
        "business_day": snapshot.business_day.isoformat(),
        "at": _iso(snapshot.read_at),
        "current": [call_payload(c) for c in snapshot.current],
        "recent": [call_payload(c) for c in snapshot.recent],
        "queues": [
            {"id": q.id, "name": q.name, "prefix": q.prefix, "domain": q.domain,
             "windows": q.windows, "waiting": q.waiting}
            for q in snapshot.queues
        ],
        "waiting": {str(q.id): q.waiting for q in snapshot.queues},
        "paused": [
            {"window": w.number, "window_id": w.id, "window_name": w.name,
             "reason": w.pause_reason}
            for w in snapshot.paused
        ],
        "windows": [
            {"id": w.id, "number": w.number, "name": w.name, "paused": w.paused,
             "pause_reason": w.pause_reason}
            for w in snapshot.windows
        ],
    }
