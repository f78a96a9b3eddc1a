"""Counter actions by the signed-in member of staff at their own window (contract v1).

Each view: check the session (401/403), take the validated body, call one service in
``bianmin.queue.calling``, publish its events after the commit, return JSON.
"""

from __future__ import annotations

from collections.abc import Callable

from bianmin.api import blueprint
from bianmin.api.counter_body import ticket_json, today_json, window_json
from bianmin.api.declare import View, operation
from bianmin.api.notices import notice_json
from bianmin.api.session import staff_for
from bianmin.api.shapes.common import WindowPath
from bianmin.api.shapes.counter import (
    Cancel,
    CounterTicket,
    CounterWindow,
    Finish,
    FinishedTicket,
    NoFields,
    Pause,
    Requeue,
    TicketChoice,
    Transfer,
    WindowToday,
)
from bianmin.notices import service as notices
from bianmin.notices.kinds import REFUSAL_REASONS, TURN_TO_SUGGESTIONS
from bianmin.notices.service import NoticeDraft
from bianmin.queue import calling
from bianmin.queue.desk import TicketResult, WindowResult
from bianmin.queue.outcomes import Outcome, parse_outcome
from bianmin.queue.window_view import transfer_targets
from bianmin.queue.windows import find_window
from bianmin.ratings.queries import counter_summary
from bianmin.staff.service import Seat
from bianmin.web import notice_printing, publish
from bianmin.web.runtime import runtime


def _ticket(result: TicketResult) -> dict:
    publish.events(result.events)
    return ticket_json(result.ticket)


def _window(result: WindowResult) -> dict:
    publish.events(result.events)
    return window_json(result.window)


def action(operation_id: str, summary: str, description: str = "", *, body=NoFields,  # type: ignore[no-untyped-def]
           answer=CounterTicket) -> Callable[[View], View]:
    """A counter action: POST at the signed-in window, JSON body (may be empty)."""
    return operation(operation_id, summary, description=description, path=WindowPath,
                     auth=staff_for, body=body, empty_body=True, answers={200: answer},
                     errors=(409,))


@blueprint.get("/windows/<window>")
@operation("getWindow", "The window's day: current ticket, waiting line, counts (extension)",
           path=WindowPath, auth=staff_for, answers={200: WindowToday})
def window_state(window: int, auth: Seat):  # type: ignore[no-untyped-def]
    """The counter screen's data: current ticket, waiting line, today's counts."""
    db = runtime().db
    today = calling.window_today(db, auth.staff.hall_id, window)
    answer = today_json(today, transfer_targets(db, auth.staff.hall_id))
    with db.read() as session:
        window_id = find_window(session, auth.staff.hall_id, window).id
        # 好差评: did the last visitor rate, and the window's satisfaction today
        answer["ratings"] = counter_summary(session, window_id, today.business_day)
        last = notices.last_at_window(session, auth.staff.hall_id, window, today.business_day)
    answer["notice_reasons"] = list(REFUSAL_REASONS)
    answer["turn_to_suggestions"] = list(TURN_TO_SUGGESTIONS)
    answer["last_notice"] = notice_json(last) if last else None
    return answer


@blueprint.post("/windows/<window>/call-next")
@action("callNext", "叫号: call the next ticket",
        "Green channel first, then the longest waiting, among today's tickets of every queue "
        "this window serves. 409 when nobody waits, the window is paused, or it still has a "
        "called or serving ticket.")
def call_next(window: int, auth: Seat, body: NoFields):  # type: ignore[no-untyped-def]
    """叫号: the next ticket in call order."""
    return _ticket(calling.call_next(runtime().db, auth.staff.hall_id, window, auth.staff.id))


@blueprint.post("/windows/<window>/recall")
@action("recall", "重呼: call the current ticket again", "Only while called (not yet serving).")
def recall(window: int, auth: Seat, body: NoFields):  # type: ignore[no-untyped-def]
    """重呼: announce the current ticket again."""
    return _ticket(calling.recall(runtime().db, auth.staff.hall_id, window, auth.staff.id))


@blueprint.post("/windows/<window>/start")
@action("startService", "开始办理: called → serving", "The visitor has arrived.")
def start(window: int, auth: Seat, body: NoFields):  # type: ignore[no-untyped-def]
    """开始办理: the called visitor has arrived."""
    return _ticket(calling.start(runtime().db, auth.staff.hall_id, window, auth.staff.id))


@blueprint.post("/windows/<window>/finish")
@action("finish", "办结: the visit is over", "From serving or called. No outcome means `done`. "
        "受理/补正/退办 issue their written notice (受理通知书/补齐补正通知书/不予受理告知书) "
        "in the same transaction, from `notice`; it prints on the window's printer in the "
        "background and comes back as `notice` (docs/notices.md). A notice lacking what its "
        "kind needs (补正: missing papers or a note; 退办: a reason) is a 400 "
        "`notice_incomplete` and nothing is finished.",
        body=Finish, answer=FinishedTicket)
def finish(window: int, auth: Seat, body: Finish):  # type: ignore[no-untyped-def]
    """办结, with {"outcome": code or label, "notice": {...}}; no outcome means 办结 (done)."""
    outcome = parse_outcome(body.outcome) if body.outcome else Outcome.DONE
    fields = body.notice
    draft = NoticeDraft(tuple(fields.missing), fields.note, fields.reason,
                        fields.turn_to) if fields else None
    result = calling.finish(runtime().db, auth.staff.hall_id, window, auth.staff.id, outcome,
                            notice=draft)
    answer = _ticket(result)
    with runtime().db.read() as session:
        issued = notices.of_ticket(session, result.ticket.info.id)
    answer["notice"] = None
    if issued is not None:
        notice_printing.start(issued, auth.staff.hall_id)
        answer["notice"] = notice_json(issued)
    return answer


@blueprint.post("/windows/<window>/no-show")
@action("noShow", "过号: the called visitor did not come", "Only while called.")
def no_show(window: int, auth: Seat, body: NoFields):  # type: ignore[no-untyped-def]
    """过号: the called visitor did not come."""
    return _ticket(calling.no_show(runtime().db, auth.staff.hall_id, window, auth.staff.id))


@blueprint.post("/windows/<window>/transfer")
@action("transfer", "转移 to another queue or one window",
        "The ticket becomes `transferred`; a new waiting ticket in the target queue keeps the "
        "original queue time. Returns the NEW ticket.", body=Transfer)
def transfer(window: int, auth: Seat, body: Transfer):  # type: ignore[no-untyped-def]
    """转移 to {"queue": id or prefix} or {"window": number}; returns the new ticket."""
    return _ticket(
        calling.transfer(
            runtime().db, auth.staff.hall_id, window, auth.staff.id,
            queue=body.queue, window=body.window,
        )
    )


@blueprint.post("/windows/<window>/cancel")
@action("cancelTicket", "取消 a waiting ticket of this window's queues (extension)", body=Cancel)
def cancel(window: int, auth: Seat, body: Cancel):  # type: ignore[no-untyped-def]
    """取消 a waiting ticket of this window's queues: {"ticket": id}."""
    return _ticket(
        calling.cancel(runtime().db, auth.staff.hall_id, window, auth.staff.id, body.ticket)
    )


@blueprint.post("/windows/<window>/pause")
@action("pause", "暂停服务", "No calls until resumed; the current visitor may still be finished.",
        answer=CounterWindow, body=Pause)
def pause(window: int, auth: Seat, body: Pause):  # type: ignore[no-untyped-def]
    """暂停服务: no calls until resumed; an optional reason goes to the audit trail."""
    return _window(calling.pause(runtime().db, auth.staff.hall_id, window, auth.staff.id,
                                 reason=body.reason))


@blueprint.post("/windows/<window>/resume")
@action("resume", "恢复服务", answer=CounterWindow)
def resume(window: int, auth: Seat, body: NoFields):  # type: ignore[no-untyped-def]
    """恢复服务."""
    return _window(calling.resume(runtime().db, auth.staff.hall_id, window, auth.staff.id))


# --- keeping the visitor's place (docs/counter.md: 挂起, 过号重排, 选叫) -------------------

@blueprint.post("/windows/<window>/hold")
@action("holdTicket", "挂起: the current ticket waits aside; the window is free",
        "From called or serving. The ticket becomes `held` at this window and is listed in "
        "`held` of GET /windows/<n> until called back (`call-back`) or its hall's "
        "`hold_minutes` run out: then it is closed as 过号 (`no_show`).")
def hold(window: int, auth: Seat, body: NoFields):  # type: ignore[no-untyped-def]
    """挂起 the window's current ticket."""
    return _ticket(calling.hold(runtime().db, auth.staff.hall_id, window, auth.staff.id))


@blueprint.post("/windows/<window>/call-back")
@action("callBack", "回叫挂起: call a held ticket back to this window, ahead of the line",
        "Only a ticket held at this window, while the window is free. 409 `hold_expired` "
        "when its hold ran out (it is 过号 then), `not_held`, `held_elsewhere`.",
        body=TicketChoice)
def call_back(window: int, auth: Seat, body: TicketChoice):  # type: ignore[no-untyped-def]
    """回叫挂起 {"ticket": id}."""
    return _ticket(calling.call_back(runtime().db, auth.staff.hall_id, window, auth.staff.id,
                                     body.ticket))


@blueprint.post("/windows/<window>/pick")
@action("pickTicket", "选叫: call one particular waiting ticket of this window's queues",
        "Out of call order, logged as such (event `called` with `via: pick`, audit "
        "`ticket.picked`). 409 `not_callable` for a ticket this window may not call.",
        body=TicketChoice)
def pick(window: int, auth: Seat, body: TicketChoice):  # type: ignore[no-untyped-def]
    """选叫 {"ticket": id}."""
    return _ticket(calling.pick(runtime().db, auth.staff.hall_id, window, auth.staff.id,
                                body.ticket))


@blueprint.post("/windows/<window>/requeue")
@action("requeueTicket", "过号重排: put a no-show ticket of today back in its line",
        "Behind the hall's `requeue_ahead` waiting tickets of its queue, once per ticket, "
        "within `requeue_minutes` of the 过号. 404 for an unknown number; 409 "
        "`already_requeued`, `not_no_show`, `requeue_too_late`, `requeue_other_day`.",
        body=Requeue)
def requeue(window: int, auth: Seat, body: Requeue):  # type: ignore[no-untyped-def]
    """过号重排 {"number": "A012"}."""
    return _ticket(calling.requeue_at_counter(runtime().db, auth.staff.hall_id, window,
                                              auth.staff.id, body.number))
