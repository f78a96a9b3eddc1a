"""Counter actions by the signed-in member of staff at their own window (contract v1).

Each view: check the session (401/403), parse the body, call one service in
``bianmin.queue.calling``, publish its events after the commit, return JSON.
"""

from __future__ import annotations

from bianmin.api import blueprint
from bianmin.api.counter_body import ticket_json, today_json, window_json
from bianmin.api.session import require_json, staff_for, window_number
from bianmin.errors import InvalidInput
from bianmin.queue import calling
from bianmin.queue.call_errors import InvalidTransferTarget
from bianmin.queue.desk import TicketResult, WindowResult
from bianmin.queue.outcomes import Outcome, parse_outcome
from bianmin.queue.window_view import transfer_targets
from bianmin.web import publish
from bianmin.web.runtime import runtime


def _ticket(result: TicketResult) -> dict:
    publish.events(result.events)
    return ticket_json(result.ticket)


def _window(result: WindowResult) -> dict:
    publish.events(result.events)
    return window_json(result.window)


@blueprint.get("/windows/<int:window>")
def window_state(window: int):  # type: ignore[no-untyped-def]
    """The counter screen's data: current ticket, waiting line, today's counts."""
    seat = staff_for(window)
    db = runtime().db
    today = calling.window_today(db, seat.staff.hall_id, window)
    return today_json(today, transfer_targets(db, seat.staff.hall_id))


@blueprint.post("/windows/<int:window>/call-next")
def call_next(window: int):  # type: ignore[no-untyped-def]
    """叫号: the next ticket in call order."""
    seat = staff_for(window)
    require_json()
    return _ticket(calling.call_next(runtime().db, seat.staff.hall_id, window, seat.staff.id))


@blueprint.post("/windows/<int:window>/recall")
def recall(window: int):  # type: ignore[no-untyped-def]
    """重呼: announce the current ticket again."""
    seat = staff_for(window)
    require_json()
    return _ticket(calling.recall(runtime().db, seat.staff.hall_id, window, seat.staff.id))


@blueprint.post("/windows/<int:window>/start")
def start(window: int):  # type: ignore[no-untyped-def]
    """开始办理: the called visitor has arrived."""
    seat = staff_for(window)
    require_json()
    return _ticket(calling.start(runtime().db, seat.staff.hall_id, window, seat.staff.id))


@blueprint.post("/windows/<int:window>/finish")
def finish(window: int):  # type: ignore[no-untyped-def]
    """办结, with {"outcome": code or label}; no outcome means 办结 (done)."""
    seat = staff_for(window)
    body = require_json()
    raw = body.get("outcome")
    outcome = Outcome.DONE if raw is None or raw == "" else parse_outcome(raw)
    return _ticket(
        calling.finish(runtime().db, seat.staff.hall_id, window, seat.staff.id, outcome)
    )


@blueprint.post("/windows/<int:window>/no-show")
def no_show(window: int):  # type: ignore[no-untyped-def]
    """过号: the called visitor did not come."""
    seat = staff_for(window)
    require_json()
    return _ticket(calling.no_show(runtime().db, seat.staff.hall_id, window, seat.staff.id))


@blueprint.post("/windows/<int:window>/transfer")
def transfer(window: int):  # type: ignore[no-untyped-def]
    """转移 to {"queue": id or prefix} or {"window": number}; returns the new ticket."""
    seat = staff_for(window)
    body = require_json()
    queue, target = body.get("queue"), body.get("window")
    if (queue is None) == (target is None):
        raise InvalidTransferTarget()
    if queue is not None and (
        isinstance(queue, bool) or not isinstance(queue, int | str) or queue == ""
    ):
        raise InvalidTransferTarget("queue 应为队列编号或队列字母，例如 3 或 \"B\"。")
    return _ticket(
        calling.transfer(
            runtime().db, seat.staff.hall_id, window, seat.staff.id, queue=queue,
            window=window_number(target) if target is not None else None,
        )
    )


@blueprint.post("/windows/<int:window>/cancel")
def cancel(window: int):  # type: ignore[no-untyped-def]
    """取消 a waiting ticket of this window's queues: {"ticket": id}."""
    seat = staff_for(window)
    body = require_json()
    ticket_id = body.get("ticket")
    if isinstance(ticket_id, bool) or not isinstance(ticket_id, int) or ticket_id < 1:
        raise InvalidInput("请指定要取消的号（ticket 为排队号的 id）。", code="invalid_ticket")
    return _ticket(
        calling.cancel(runtime().db, seat.staff.hall_id, window, seat.staff.id, ticket_id)
    )


@blueprint.post("/windows/<int:window>/pause")
def pause(window: int):  # type: ignore[no-untyped-def]
    """暂停服务: no calls until resumed."""
    seat = staff_for(window)
    require_json()
    return _window(calling.pause(runtime().db, seat.staff.hall_id, window, seat.staff.id))


@blueprint.post("/windows/<int:window>/resume")
def resume(window: int):  # type: ignore[no-untyped-def]
    """恢复服务."""
    seat = staff_for(window)
    require_json()
    return _window(calling.resume(runtime().db, seat.staff.hall_id, window, seat.staff.id))
