"""Ticket endpoints: take a number at a kiosk, see where a ticket stands."""

from __future__ import annotations

from flask import current_app, url_for

from bianmin.api import blueprint
from bianmin.api.access import issuer_for, require_ticket_reader
from bianmin.api.declare import operation
from bianmin.api.shapes.common import HallPath, TicketPath
from bianmin.api.shapes.tickets import (
    Issuing,
    IssuingQuery,
    PrintHistory,
    Reprint,
    ReprintRequest,
    TicketRequest,
    TicketTokenQuery,
)
from bianmin.api.shapes.tickets import Ticket as TicketAnswer
from bianmin.api.ticket_json import ticket_fields
from bianmin.devices.service import kiosk_named
from bianmin.errors import Conflict, NotFound
from bianmin.hall.issuing import issuing_state
from bianmin.hall.waits import estimate_for
from bianmin.queue.clock import system_clock
from bianmin.queue.errors import UnknownTicket
from bianmin.queue.models import Priority, Ticket, TicketStatus
from bianmin.queue.tickets import IssueResult, TicketInfo, issue_ticket, ticket_info
from bianmin.web import printing, publish
from bianmin.web.runtime import runtime
from bianmin.web.status import status_url
from bianmin.web.tokens import ticket_token


class NoPrinter(Conflict):
    code = "no_printer"
    message = "这台取号机没有连接打印机，无法补打。"


class UnknownKiosk(NotFound):
    code = "unknown_kiosk"
    message = "本服务中心没有这台取号机（kiosk 须为已登记的取号机名称）。"


@blueprint.post("/halls/<hall>/tickets")
@operation("takeTicket", "Issue a ticket for a scenario",
           description="201 for a new ticket; a repeated `request_id` returns the same ticket "
           "with 200. Printing starts after the commit; `print.status` is then `pending` — "
           "poll GET /tickets/{ticket_id} with the answer's `token`. Outside open mode (the "
           "demo hall, or `open_kiosks`) only an enrolled kiosk of the hall (`Authorization: "
           "Device <token>`; at most `kiosk_ticket_limit` tickets, then 429) or a signed-in "
           "member of the hall's staff may issue; the ticket prints on the kiosk's own "
           "printer, whatever `kiosk` says.",
           path=HallPath, body=TicketRequest, answers={201: TicketAnswer, 200: TicketAnswer},
           errors=(401, 403, 409, 429))
def take_ticket(hall: str, body: TicketRequest):  # type: ignore[no-untyped-def]
    """Issue a ticket for a scenario; the same request_id always returns the same ticket.

    Outside open mode only an enrolled kiosk of the hall (limited per kiosk) or its staff
    may issue (``api/access.py``); the printer is the kiosk's own, never the request's.
    """
    scenario_id, request_id, kiosk = body.scenario_id, body.request_id, body.kiosk or ""
    priority = Priority(body.priority or Priority.NORMAL)

    issuer = issuer_for(hall, kiosk)
    result = issue_ticket(
        runtime().db, hall_code=hall, scenario_id=scenario_id, priority=priority,
        request_id=request_id, kiosk=issuer.kiosk,
    )
    return issued_answer(result, issuer.printer, issuer.device_id)


def issued_answer(result: IssueResult, printer: str, device_id: int | None) -> tuple[dict, int]:
    """After an issue has committed: its events out, its print started, the answer with the
    estimated wait; 201 for a new ticket, 200 for a repeated ``request_id`` (the kiosk's and
    the guide desk's issue alike)."""
    rt = runtime()
    publish.events(result.events)
    if result.info is not None:
        with rt.db.read() as session:
            wait = wait_of(session, result.info)
        answer = ticket_body(result.info, wait)
        answer["print"] = printing.start(result.info, printer, device_id,
                                         wait=wait.text if wait else "")
        return answer, 201
    with rt.db.read() as session:
        info = ticket_info(session, result.ticket_id)
        answer = ticket_body(info, wait_of(session, info))
        answer["print"] = printing.status_of(session, result.ticket_id)
    return answer, 200


@blueprint.get("/tickets/<ticket_id>")
@operation("getTicket", "A ticket and where it stands now (people ahead, status, printing)",
           description="Only with the ticket's token (header X-Ticket-Token or query `token`), "
           "for staff signed in at its hall, or for the kiosk that issued it "
           "(`Authorization: Device <token>`); anyone else gets 401.",
           path=TicketPath, query=TicketTokenQuery, answers={200: TicketAnswer}, errors=(401,))
def show_ticket(ticket_id: int, query: TicketTokenQuery):  # type: ignore[no-untyped-def]
    """The ticket and where it stands now: for its token, its hall's staff or its kiosk."""
    require_ticket_reader(ticket_id)
    with runtime().db.read() as session:
        info = ticket_info(session, ticket_id)
        answer = ticket_body(info, wait_of(session, info))
        answer["print"] = printing.status_of(session, ticket_id)
    return answer


@blueprint.get("/halls/<hall>/issuing")
@operation("getIssuing", "Whether the kiosk may issue now, and the estimated wait",
           description="Without `scenario_id`: is the hall open (its hours; a hall without "
           "hours is always open). With it: also the long-matter cut-off (承诺件 near closing), "
           "the queue's 放号量 and what is left of it, and the estimated wait of a ticket taken "
           "now. `reason` is the code takeTicket's 409 would carry; `message` is what the "
           "kiosk shows (docs/kiosk.md).",
           path=HallPath, query=IssuingQuery, answers={200: Issuing})
def issuing(hall: str, query: IssuingQuery):  # type: ignore[no-untyped-def]
    """The kiosk's question before 取号: open, long matters, the cap, the wait."""
    with runtime().db.read() as session:
        return issuing_state(session, hall, system_clock(), scenario_id=query.scenario_id,
                             priority=Priority(query.priority or Priority.NORMAL)).as_json()


def wait_of(session, info: TicketInfo):  # type: ignore[no-untyped-def]
    """The estimate of a waiting ticket (None once it is called or ended)."""
    if info.status != TicketStatus.WAITING:
        return None
    return estimate_for(session, info.hall_id, info.queue_id, info.ahead, system_clock())


def ticket_body(info: TicketInfo, wait=None) -> dict:  # type: ignore[no-untyped-def]
    token = ticket_token(current_app.config["SECRET_KEY"], info.id)
    return {
        **ticket_fields(info),
        "wait": wait.as_json() if wait else None,
        "hall": info.hall_code,
        "window_details": [{"number": w.number, "name": w.name} for w in info.windows],
        # the ticket's own key: send it back as X-Ticket-Token to read the ticket again
        "token": token,
        "status_url": status_url(token),
        "qr_svg_url": url_for("ticket_status.qr_svg", token=token),
    }


@blueprint.post("/tickets/<ticket_id>/reprint")
@operation("reprintTicket", "Print the ticket again (staff signed in at any window of its hall)",
           description="On the printer of the kiosk that issued it, or of another registered "
           "kiosk of the hall named by `kiosk`.",
           path=TicketPath, body=ReprintRequest, empty_body=True, answers={200: Reprint},
           errors=(401, 403, 409))
def reprint_ticket(ticket_id: int, body: ReprintRequest):  # type: ignore[no-untyped-def]
    """Staff print a ticket again: on the printer of the kiosk that issued it, or of another
    registered kiosk of the hall named by ``kiosk``."""
    from bianmin.api.session import signed_in, staff_for

    _, window = signed_in()
    seat = staff_for(window)
    kiosk = body.kiosk
    db = runtime().db
    with db.read() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or ticket.hall_id != seat.staff.hall_id:
            raise UnknownTicket()
        named = kiosk_named(session, ticket.hall_id, kiosk if kiosk else ticket.kiosk)
        if kiosk and named is None:
            raise UnknownKiosk()
    outcome = printing.reprint(ticket_id, named.printer if named else "",
                               requested_by=seat.staff.id, window_number=window,
                               device_id=named.id if named else None)
    if outcome is None:
        raise NoPrinter()
    with db.read() as session:
        return {"ticket_id": ticket_id, "print": printing.status_of(session, ticket_id),
                "history": printing.history_of(session, ticket_id)}


@blueprint.get("/tickets/<ticket_id>/print-jobs")
@operation("listPrintJobs", "Every print attempt of a ticket (staff)", path=TicketPath,
           answers={200: PrintHistory}, errors=(401, 403))
def print_jobs(ticket_id: int):  # type: ignore[no-untyped-def]
    """Every print attempt of a ticket, for staff (signed in at any window of its hall)."""
    from bianmin.api.session import signed_in, staff_for

    _, window = signed_in()
    seat = staff_for(window)
    with runtime().db.read() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or ticket.hall_id != seat.staff.hall_id:
            raise UnknownTicket()
        return {"ticket_id": ticket_id, "history": printing.history_of(session, ticket_id)}
