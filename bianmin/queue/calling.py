"""Counter actions: call the next visitor, recall, start, finish, no-show, cancel, pause.

Each action is one short write transaction that locks the window's state row first (one
action per window at a time), changes the ticket, appends a ``ticket_event`` row, takes the
hall's next event version for each event, and commits. It returns the ticket (or window)
as the counter shows it and the events; the caller publishes them after the commit.

A window with a called or serving ticket must finish it, mark it 过号 or transfer it before
calling the next one (``WindowBusy``): closing it silently as done would put a wrong
outcome into the statistics and the 好差评 (docs/counter.md).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bianmin.audit.record import known_staff, record
from bianmin.db import Database
from bianmin.notices.kinds import NOTICE_OF_OUTCOME, TITLES
from bianmin.notices.service import NoticeDraft
from bianmin.notices.service import issue as issue_notice
from bianmin.queue.call_errors import (
    IllegalTransition,
    NoTicketWaiting,
    TicketNotInWindowQueues,
)
from bianmin.queue.clock import Clock, as_aware, system_clock
from bianmin.queue.desk import (
    Desk,
    TicketResult,
    WindowResult,
    current_or_fail,
    locked_ticket,
    open_desk,
    queue_changed,
    require,
    ticket_result,
)
from bianmin.queue.events import (
    TicketCalled,
    TicketFinished,
    TicketNoShow,
    TicketStarted,
    WindowPaused,
    WindowResumed,
)
from bianmin.queue.fairness import count_call, turn_for, why_called
from bianmin.queue.hold import call_back, free_desk, hold
from bianmin.queue.models import Ticket, TicketStatus
from bianmin.queue.outcomes import Outcome
from bianmin.queue.pick import pick
from bianmin.queue.policy import take_next
from bianmin.queue.requeue import requeue_at_counter
from bianmin.queue.transfer import transfer
from bianmin.queue.versions import next_version
from bianmin.queue.window_view import window_status, window_today

__all__ = [
    "call_next", "recall", "start", "finish", "no_show", "transfer", "cancel",
    "pause", "resume", "window_today", "hold", "call_back", "pick", "requeue_at_counter",
]


def call_next(
    db: Database, hall_id: int, window_number: int, staff_id: int | None,
    clock: Clock = system_clock,
) -> TicketResult:
    """Call the first ticket in call order (queue.policy) among the window's queues.

    The ``called`` event records why (green, overdue, turn, normal) and the window's green
    streak after the call (queue.fairness).
    """
    with db.write() as session:
        # holds that ran out are closed first, in this same transaction (queue/hold.py)
        desk, expired = free_desk(session, hall_id, window_number, staff_id, clock)
        turn = turn_for(desk.hall, desk.window, desk.state, desk.now, desk.day)
        ticket = take_next(session, hall_id, desk.day, desk.queue_ids, desk.window.id, turn)
        if ticket is None:
            raise NoTicketWaiting()
        ticket.status = TicketStatus.CALLED
        ticket.window_id = desk.window.id
        ticket.called_at = desk.now
        ticket.recall_count = 0
        streak = count_call(session, desk.state, turn, ticket, hall_id=hall_id, day=desk.day,
                            queue_ids=desk.queue_ids)
        desk.log(session, ticket, "called", why=why_called(ticket, turn), streak=streak)
        events = [
            *expired,
            _called(session, desk, ticket, recall=False),
            queue_changed(session, desk, ticket.queue_id),
        ]
        ticket_id = ticket.id
    return ticket_result(db, ticket_id, events)


def recall(
    db: Database, hall_id: int, window_number: int, staff_id: int | None,
    clock: Clock = system_clock,
) -> TicketResult:
    """Call the current ticket again (重呼); counted, announced as a recall."""
    with db.write() as session:
        desk = open_desk(session, hall_id, window_number, staff_id, clock)
        ticket = current_or_fail(session, desk)
        require(ticket, {TicketStatus.CALLED}, "已开始办理，无需重呼。")
        ticket.recall_count += 1
        desk.log(session, ticket, "recalled", count=ticket.recall_count)
        events = [_called(session, desk, ticket, recall=True)]
        ticket_id = ticket.id
    return ticket_result(db, ticket_id, events)


def start(
    db: Database, hall_id: int, window_number: int, staff_id: int | None,
    clock: Clock = system_clock,
) -> TicketResult:
    """The visitor has arrived at the window: called → serving (开始办理)."""
    with db.write() as session:
        desk = open_desk(session, hall_id, window_number, staff_id, clock)
        ticket = current_or_fail(session, desk)
        require(ticket, {TicketStatus.CALLED}, "已经在办理中，办完后请点“办结”。")
        ticket.status = TicketStatus.SERVING
        ticket.started_at = desk.now
        desk.log(session, ticket, "started")
        events = [
            TicketStarted(
                hall_id=desk.hall.id, ticket_id=ticket.id, number=ticket.code,
                window_number=desk.window.number, at=desk.now,
                version=next_version(session, desk.hall.id),
            )
        ]
        ticket_id = ticket.id
    return ticket_result(db, ticket_id, events)


def finish(
    db: Database, hall_id: int, window_number: int, staff_id: int | None,
    outcome: Outcome = Outcome.DONE, clock: Clock = system_clock,
    notice: NoticeDraft | None = None,
) -> TicketResult:
    """The visit is over (办结), with its outcome; from serving, or straight from called.

    受理, 补正 and 退办 also issue their written notice (bianmin.notices) in the same
    transaction, from ``notice`` (the ticked missing papers, the reason …); a notice that
    lacks what its kind needs refuses the whole finish (400), so nothing half-done commits.
    """
    outcome = Outcome(outcome)
    with db.write() as session:
        desk = open_desk(session, hall_id, window_number, staff_id, clock)
        ticket = current_or_fail(session, desk)
        ticket.status = TicketStatus.DONE
        ticket.finished_at = desk.now
        desk.log(session, ticket, "finished", outcome=outcome.value)
        kind = NOTICE_OF_OUTCOME.get(outcome)
        if kind is not None:
            issued = issue_notice(session, hall=desk.hall, window=desk.window, staff_id=staff_id,
                                  ticket=ticket, kind=kind, draft=notice or NoticeDraft(),
                                  day=desk.day, now=desk.now)
            record(session, "notice.issued", hall_id=desk.hall.id,
                   staff_id=known_staff(session, staff_id), window_number=desk.window.number,
                   at=desk.now, notice_id=issued.id, ticket_id=ticket.id, number=ticket.code,
                   document=issued.number, title=TITLES[kind], notice_kind=kind.value)
        events = [
            TicketFinished(
                hall_id=desk.hall.id, ticket_id=ticket.id, number=ticket.code,
                window_number=desk.window.number, outcome=outcome.value, at=desk.now,
                version=next_version(session, desk.hall.id), scenario_id=ticket.scenario_id,
                scenario=ticket.scenario.name,
            )
        ]
        ticket_id = ticket.id
    return ticket_result(db, ticket_id, events)


def no_show(
    db: Database, hall_id: int, window_number: int, staff_id: int | None,
    clock: Clock = system_clock,
) -> TicketResult:
    """The called visitor did not come (过号): called → no_show."""
    with db.write() as session:
        desk = open_desk(session, hall_id, window_number, staff_id, clock)
        ticket = current_or_fail(session, desk)
        require(ticket, {TicketStatus.CALLED}, "已开始办理的号不能过号，请点“办结”或“转移”。")
        ticket.status = TicketStatus.NO_SHOW
        ticket.finished_at = desk.now
        desk.log(session, ticket, "no_show", recalls=ticket.recall_count)
        events = [
            TicketNoShow(
                hall_id=desk.hall.id, ticket_id=ticket.id, number=ticket.code,
                window_number=desk.window.number, at=desk.now,
                version=next_version(session, desk.hall.id),
            )
        ]
        ticket_id = ticket.id
    return ticket_result(db, ticket_id, events)


def cancel(
    db: Database, hall_id: int, window_number: int, staff_id: int | None, ticket_id: int,
    clock: Clock = system_clock,
) -> TicketResult:
    """Staff withdraw a waiting ticket of one of their window's queues (取消)."""
    with db.write() as session:
        desk = open_desk(session, hall_id, window_number, staff_id, clock)
        ticket = locked_ticket(session, hall_id, ticket_id)
        if ticket.queue_id not in desk.queue_ids:
            raise TicketNotInWindowQueues(ticket=ticket.code)
        require(ticket, {TicketStatus.WAITING}, "只有排队中的号可以取消。")
        ticket.status = TicketStatus.CANCELLED
        ticket.finished_at = desk.now
        desk.log(session, ticket, "cancelled")
        events = [queue_changed(session, desk, ticket.queue_id)]
    return ticket_result(db, ticket_id, events)


def pause(
    db: Database, hall_id: int, window_number: int, staff_id: int | None,
    clock: Clock = system_clock, reason: str = "",
) -> WindowResult:
    """暂停服务: the window calls no one until it resumes; its current visitor may finish.

    The pause (with its reason, if given) is an ``audit_event`` row: the trail and the
    attendance's hours paused read it.
    """
    with db.write() as session:
        desk = open_desk(session, hall_id, window_number, staff_id, clock)
        if desk.state.paused:
            raise IllegalTransition("本窗口已经暂停服务；要继续叫号请点“恢复服务”（F8）。", code="already_paused")
        desk.state.paused = True
        desk.state.paused_at = desk.now
        desk.state.paused_by = staff_id
        desk.state.updated_at = desk.now
        record(session, "window.paused", hall_id=desk.hall.id,
               staff_id=known_staff(session, staff_id), window_number=desk.window.number,
               at=desk.now, reason=reason, by=staff_id)
        events = [
            WindowPaused(
                hall_id=desk.hall.id, window_id=desk.window.id, window_number=desk.window.number,
                window_name=desk.window_name, at=desk.now,
                version=next_version(session, desk.hall.id), reason=reason,
            )
        ]
        result = WindowResult(window_status(desk.window, desk.state, reason), events)
    return result


def resume(
    db: Database, hall_id: int, window_number: int, staff_id: int | None,
    clock: Clock = system_clock,
) -> WindowResult:
    """End 暂停服务: the window may call again."""
    with db.write() as session:
        desk = open_desk(session, hall_id, window_number, staff_id, clock)
        if not desk.state.paused:
            raise IllegalTransition("本窗口没有暂停，可以直接叫号。", code="not_paused")
        paused_at, paused_by = desk.state.paused_at, desk.state.paused_by
        desk.state.paused = False
        desk.state.paused_at = None
        desk.state.paused_by = None
        desk.state.updated_at = desk.now
        record(session, "window.resumed", hall_id=desk.hall.id,
               staff_id=known_staff(session, staff_id), by=staff_id,
               window_number=desk.window.number, at=desk.now, paused_by=paused_by,
               paused_at=as_aware(paused_at).isoformat() if paused_at else None)
        events = [
            WindowResumed(
                hall_id=desk.hall.id, window_id=desk.window.id, window_number=desk.window.number,
                window_name=desk.window_name, at=desk.now,
                version=next_version(session, desk.hall.id),
            )
        ]
        result = WindowResult(window_status(desk.window, desk.state), events)
    return result


def _called(session: Session, desk: Desk, ticket: Ticket, *, recall: bool) -> TicketCalled:
    return TicketCalled(
        hall_id=desk.hall.id, ticket_id=ticket.id, number=ticket.code, queue_id=ticket.queue_id,
        window_id=desk.window.id, window_number=desk.window.number, window_name=desk.window_name,
        recall=recall, recall_count=ticket.recall_count, at=desk.now,
        version=next_version(session, desk.hall.id),
    )
