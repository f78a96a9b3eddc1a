"""The guide desk (咨询导办台): staff at the entrance issue a ticket for a visitor
(帮办代办), count a question answered without a ticket (导办咨询), show a slip's preview.

Any signed-in member of the hall's staff may act here (signed in at the desk with
``desk: "guide"``, or at a window); the desk searches with the kiosk's own catalog API.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Response

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.session import current_staff
from bianmin.api.shapes.common import HallPath, TicketPath
from bianmin.api.shapes.guide_desk import (
    Consulted,
    ConsultRequest,
    GuideDayQuery,
    GuideDays,
    GuideTicket,
    GuideTicketRequest,
)
from bianmin.api.tickets import UnknownKiosk, issued_answer
from bianmin.catalog.queries import get_hall
from bianmin.devices.service import kiosk_named
from bianmin.errors import Forbidden, InvalidInput
from bianmin.printer.fonts import find_font
from bianmin.printer.layout import build_receipt
from bianmin.printer.preview import preview_png
from bianmin.printer.receipt import PAPER_80
from bianmin.queue.clock import business_day, system_clock
from bianmin.queue.consults import record_consult
from bianmin.queue.errors import UnknownTicket
from bianmin.queue.models import Priority, Ticket
from bianmin.queue.tickets import Assisted, issue_ticket
from bianmin.staff.sessions import LiveSession
from bianmin.stats.guide_desk import guide_days
from bianmin.web import printing
from bianmin.web.runtime import runtime

PNG = {"image/png": {"schema": {"type": "string", "format": "binary"}}}


def staff_of(hall: str, **_: Any) -> LiveSession:
    """A signed-in member of this hall's staff (any role, at the desk or a window)."""
    live = current_staff()
    with runtime().db.read() as session:
        found = get_hall(session, hall)  # an unknown hall is 404
    if found.id != live.hall_id:
        raise Forbidden("您只能在本服务中心的导办台代取号。", code="other_hall")
    return live


@blueprint.post("/halls/<hall>/guide/tickets")
@operation("issueGuideTicket", "The guide desk takes a number for a visitor (帮办代办; staff)",
           description="Like takeTicket, by a signed-in member of the hall's staff: the ticket's "
           "`source` is `guide` and its issued event names the staff member. A green ticket "
           "needs `green_reason` (kept on the event). It prints on the registered kiosk named "
           "by `kiosk` (the desk's printer), else on the installation's default printer. A "
           "repeated `request_id` returns the same ticket with 200. Green without a reason "
           "is 409 `green_reason_required`.",
           path=HallPath, body=GuideTicketRequest, auth=staff_of,
           answers={201: GuideTicket, 200: GuideTicket}, errors=(401, 403, 409))
def issue_for_visitor(hall: str, body: GuideTicketRequest, auth: LiveSession):  # type: ignore[no-untyped-def]
    priority = Priority(body.priority or Priority.NORMAL)
    reason = (body.green_reason or "").strip()
    rt = runtime()
    printer, device_id, label = "", None, "导办台"
    if body.kiosk:
        with rt.db.read() as session:
            named = kiosk_named(session, auth.hall_id, body.kiosk)
        if named is None:
            raise UnknownKiosk()
        printer, device_id, label = named.printer, named.id, named.name
    result = issue_ticket(
        rt.db, hall_code=hall, scenario_id=body.scenario_id, priority=priority,
        request_id=body.request_id, kiosk=label,
        by=Assisted(auth.staff_id, reason if priority == Priority.GREEN else ""),
    )
    return issued_answer(result, printer, device_id)


@blueprint.post("/halls/<hall>/guide/consults")
@operation("countConsult", "The guide desk answered a question without a ticket (导办咨询; staff)",
           description="Counts one 咨询 for the business day, with the scenario asked about if "
           "given. 201 with the day's count so far.",
           path=HallPath, body=ConsultRequest, empty_body=True, auth=staff_of,
           answers={201: Consulted}, errors=(401, 403))
def count_consult(hall: str, body: ConsultRequest, auth: LiveSession):  # type: ignore[no-untyped-def]
    done = record_consult(runtime().db, hall, auth.staff_id, body.scenario_id)
    return {"id": done.id, "business_day": done.business_day.isoformat(), "today": done.today}, 201


@blueprint.get("/halls/<hall>/stats/guide")
@operation("getGuideStats", "导办咨询 and 帮办代办 per business day (managers)",
           description="One row per day with any: `consults` (questions answered at the guide "
           "desk without a ticket), `assisted` (tickets the desk issued for visitors) and "
           "`assisted_green`. Default: the 30 days up to today; `from` after `to` is an "
           "empty period.",
           path=HallPath, query=GuideDayQuery, auth=manager_of, answers={200: GuideDays})
def guide_stats(hall: str, query: GuideDayQuery, auth: LiveSession):  # type: ignore[no-untyped-def]
    with runtime().db.read() as session:
        found = get_hall(session, hall)
        try:
            last = date.fromisoformat(query.last) if query.last else business_day(system_clock(), found.timezone)
            first = date.fromisoformat(query.first) if query.first else last - timedelta(days=29)
        except ValueError:
            raise InvalidInput("日期须为 YYYY-MM-DD，例如 2026-12-01。", code="invalid_date") from None
        rows = guide_days(session, found.id, first, last)
    return {"hall": hall, "from": first.isoformat(), "to": last.isoformat(), "rows": rows}


@blueprint.get("/tickets/<ticket_id>/slip.png")
@operation("getTicketSlipPreview", "The ticket's slip as a PNG preview (staff of its hall)",
           description="The same receipt the printer gets (80 mm), drawn as an image: the guide "
           "desk shows it after issuing, whatever the printer did.",
           path=TicketPath, answers={200: None}, errors=(401, 403), extra={"x-answer-media": PNG})
def slip_preview(ticket_id: int):  # type: ignore[no-untyped-def]
    live = current_staff()
    rt = runtime()
    with rt.db.read() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or ticket.hall_id != live.hall_id:
            raise UnknownTicket()
    receipt = build_receipt(printing.slip_for(ticket_id), PAPER_80)
    png = preview_png(receipt, find_font(rt.settings.font_path))
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-store"
    return response
