"""过号重排 at the kiosk: the visitor scans their ticket's QR code (or types its token).

The QR code holds the ticket's status page address, ``…/t/<token>``; the token proves the
visitor holds that ticket. Who may ask is who may issue tickets in the hall (a kiosk of
the hall, open mode, or its staff: ``access.issuer_for``). The rules are the counter's
(queue/requeue.py); a refusal is a 409 whose Chinese ``message`` the kiosk shows as is.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from bianmin.api import blueprint
from bianmin.api.access import issuer_for
from bianmin.api.declare import operation
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.requeue import ScannedTicket
from bianmin.api.shapes.tickets import Ticket as TicketAnswer
from bianmin.api.tickets import ticket_body
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall
from bianmin.queue.errors import UnknownTicket
from bianmin.queue.models import Ticket
from bianmin.queue.requeue import requeue_by_visitor
from bianmin.web import printing, publish
from bianmin.web.runtime import runtime
from bianmin.web.tokens import TOKEN, ticket_id_from_token


def scanned_ticket_id(text: str) -> int:
    """The ticket id of a scanned status address or token; UnknownTicket for anything else."""
    found = list(TOKEN.finditer(text.strip()))
    if not found:
        raise UnknownTicket("没有认出这张小票的二维码，请把小票上的二维码对准扫码口再试一次。")
    return ticket_id_from_token(current_app.config["SECRET_KEY"], found[-1].group(0))


@blueprint.post("/halls/<hall>/requeue")
@operation("requeueScanned", "过号重排 at the kiosk: the visitor scanned their ticket's QR code",
           description="`code` is what the scanner read: the status page address "
           "(…/t/<token>) or the bare token. The ticket goes back behind the hall's "
           "`requeue_ahead` waiting tickets, once per ticket, within `requeue_minutes` of the "
           "过号. 404 for a code that is no ticket of this hall; 409 `already_requeued`, "
           "`not_no_show`, `requeue_too_late`, `requeue_other_day` with a Chinese message "
           "for the visitor. Who may: as for taking a ticket.",
           path=HallPath, body=ScannedTicket, answers={200: TicketAnswer}, errors=(401, 403, 409))
def requeue_scanned(hall: str, body: ScannedTicket):  # type: ignore[no-untyped-def]
    issuer = issuer_for(hall, "kiosk")
    ticket_id = scanned_ticket_id(body.code)
    db = runtime().db
    with db.read() as session:
        hall_id = session.scalar(select(Hall.id).where(Hall.code == hall))
        if hall_id is None:
            raise UnknownHall()
        if session.scalar(select(Ticket.hall_id).where(Ticket.id == ticket_id)) != hall_id:
            raise UnknownTicket("这张小票不是本服务中心的号，请到窗口咨询工作人员。")
    result = requeue_by_visitor(db, hall_id, ticket_id, kiosk=issuer.kiosk)
    publish.events(result.events)
    with db.read() as session:
        answer = ticket_body(result.ticket.info)
        answer["print"] = printing.status_of(session, ticket_id)
    return answer
