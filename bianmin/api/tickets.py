"""Ticket endpoints: take a number at a kiosk, see where a ticket stands."""

from __future__ import annotations

from flask import current_app, url_for

from bianmin.api import blueprint
from bianmin.api.access import issuer_for, require_ticket_reader
from bianmin.api.ticket_json import ticket_fields
from bianmin.devices.service import kiosk_named
from bianmin.errors import Conflict, InvalidInput, NotFound
from bianmin.queue.errors import UnknownTicket
from bianmin.queue.models import Priority, Ticket
from bianmin.queue.tickets import TicketInfo, issue_ticket, ticket_info
from bianmin.web import printing, publish
from bianmin.web.runtime import json_body, runtime
from bianmin.web.status import status_url
from bianmin.web.tokens import ticket_token

MAX_REQUEST_ID = 100


class NoPrinter(Conflict):
    code = "no_printer"
    message = "这台取号机没有连接打印机，无法补打。"


class UnknownKiosk(NotFound):
    code = "unknown_kiosk"
    message = "本服务中心没有这台取号机（kiosk 须为已登记的取号机名称）。"


@blueprint.post("/halls/<hall>/tickets")
def take_ticket(hall: str):  # type: ignore[no-untyped-def]
    """Issue a ticket for a scenario; the same request_id always returns the same ticket.

    Outside open mode only an enrolled kiosk of the hall (limited per kiosk) or its staff
    may issue (``api/access.py``); the printer is the kiosk's own, never the request's.
    """
    body = json_body()
    scenario_id = body.get("scenario_id")
    if isinstance(scenario_id, str) and scenario_id.isdigit():
        scenario_id = int(scenario_id)
    if not isinstance(scenario_id, int) or isinstance(scenario_id, bool) or scenario_id < 1:
        raise InvalidInput("请选择要办理的事项（scenario_id 必须是正整数）。", code="invalid_scenario_id")
    try:
        priority = Priority(body.get("priority") or Priority.NORMAL)
    except ValueError:
        raise InvalidInput("priority 只能是 normal 或 green。", code="invalid_priority") from None
    request_id = body.get("request_id")
    if request_id is not None and (
        not isinstance(request_id, str) or not 0 < len(request_id) <= MAX_REQUEST_ID
    ):
        raise InvalidInput(
            f"request_id 必须是 1–{MAX_REQUEST_ID} 个字符的字符串。", code="invalid_request_id"
        )
    kiosk = body.get("kiosk") or ""
    if not isinstance(kiosk, str):
        raise InvalidInput("kiosk 必须是字符串。", code="invalid_kiosk")

    issuer = issuer_for(hall, kiosk)
    rt = runtime()
    result = issue_ticket(
        rt.db, hall_code=hall, scenario_id=scenario_id, priority=priority,
        request_id=request_id, kiosk=issuer.kiosk,
    )
    publish.events(result.events)
    if result.info is not None:
        body = ticket_body(result.info)
        body["print"] = printing.start(result.info, issuer.printer)
        return body, 201
    with rt.db.read() as session:
        body = ticket_body(ticket_info(session, result.ticket_id))
        body["print"] = printing.status_of(session, result.ticket_id)
    return body, 200


@blueprint.get("/tickets/<int:ticket_id>")
def show_ticket(ticket_id: int):  # type: ignore[no-untyped-def]
    """The ticket and where it stands now: for its token, its hall's staff or its kiosk."""
    require_ticket_reader(ticket_id)
    with runtime().db.read() as session:
        body = ticket_body(ticket_info(session, ticket_id))
        body["print"] = printing.status_of(session, ticket_id)
    return body


def ticket_body(info: TicketInfo) -> dict:
    token = ticket_token(current_app.config["SECRET_KEY"], info.id)
    return {
        **ticket_fields(info),
        "hall": info.hall_code,
        "window_details": [{"number": w.number, "name": w.name} for w in info.windows],
        # the ticket's own key: send it back as X-Ticket-Token to read the ticket again
        "token": token,
        "status_url": status_url(token),
        "qr_svg_url": url_for("ticket_status.qr_svg", token=token),
    }


@blueprint.post("/tickets/<int:ticket_id>/reprint")
def reprint_ticket(ticket_id: int):  # type: ignore[no-untyped-def]
    """Staff print a ticket again: on the printer of the kiosk that issued it, or of another
    registered kiosk of the hall named by ``kiosk``."""
    from bianmin.api.session import require_json, signed_in, staff_for

    _, window = signed_in()
    seat = staff_for(window)
    body = require_json()
    kiosk = body.get("kiosk")
    if kiosk is not None and not isinstance(kiosk, str):
        raise InvalidInput("kiosk 必须是字符串。", code="invalid_kiosk")
    db = runtime().db
    with db.read() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or ticket.hall_id != seat.staff.hall_id:
            raise UnknownTicket()
        named = kiosk_named(session, ticket.hall_id, kiosk if kiosk else ticket.kiosk)
        if kiosk and named is None:
            raise UnknownKiosk()
    outcome = printing.reprint(ticket_id, named.printer if named else "",
                               requested_by=seat.staff.id)
    if outcome is None:
        raise NoPrinter()
    with db.read() as session:
        return {"ticket_id": ticket_id, "print": printing.status_of(session, ticket_id),
                "history": printing.history_of(session, ticket_id)}


@blueprint.get("/tickets/<int:ticket_id>/print-jobs")
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
