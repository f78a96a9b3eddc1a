"""The page behind a ticket's QR code: number, window, people ahead, on the visitor's phone."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, current_app, render_template, url_for

from bianmin.hall.waits import estimate_for
from bianmin.notices.service import of_ticket
from bianmin.printer.notice_layout import long_date
from bianmin.queue.models import TicketStatus
from bianmin.queue.tickets import ticket_info
from bianmin.rate.phone import phone_rating
from bianmin.rate.words import FACES, levels_json, reasons_json
from bianmin.ratings.levels import MAX_PHONE, MAX_REMARK
from bianmin.ratings.record import RatingRules
from bianmin.web.runtime import runtime
from bianmin.web.tokens import ticket_id_from_token

blueprint = Blueprint("ticket_status", __name__, url_prefix="/t")


def status_url(token: str) -> str:
    """The status page's full address (``public_url`` if set, else the one the client used)."""
    base = runtime().settings.public_url.rstrip("/")
    path = url_for("ticket_status.page", token=token)
    return f"{base}{path}" if base else url_for("ticket_status.page", token=token, _external=True)


@blueprint.get("/<token>")
def page(token: str):  # type: ignore[no-untyped-def]
    """The ticket's live status (the page refreshes itself); once finished, its 好差评."""
    ticket_id = ticket_id_from_token(current_app.config["SECRET_KEY"], token)
    now = datetime.now(timezone.utc)
    with runtime().db.read() as session:
        info = ticket_info(session, ticket_id)
        wait = None
        if info.status == TicketStatus.WAITING:
            wait = estimate_for(session, info.hall_id, info.queue_id, info.ahead, now)
        rating = phone_rating(session, ticket_id, now,
                              RatingRules.of(runtime().settings))
        notice = of_ticket(session, ticket_id)
    config = {"ticket_id": ticket_id, "token": token, "remark_max": MAX_REMARK,
              "phone_max": MAX_PHONE, "levels": levels_json()}
    return render_template("status.html", ticket=info, wait=wait, rating=rating, levels=config["levels"],
                           reasons=reasons_json(), faces=FACES, config=config,
                           rating_days=runtime().settings.rating_days, notice=notice,
                           notice_date=long_date, token=token)


@blueprint.get("/<token>/notice.png")
def notice_png(token: str):  # type: ignore[no-untyped-def]
    """The visit's written notice as printed (the visitor's own copy, by the ticket's key)."""
    from bianmin.notices.errors import UnknownNotice
    from bianmin.web.notice_printing import preview

    ticket_id = ticket_id_from_token(current_app.config["SECRET_KEY"], token)
    with runtime().db.read() as session:
        notice = of_ticket(session, ticket_id)
    if notice is None:
        raise UnknownNotice()
    response = Response(preview(notice), mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.get("/<token>/qr.svg")
def qr_svg(token: str):  # type: ignore[no-untyped-def]
    """The QR code of the status page, for the kiosk's ticket screen."""
    ticket_id_from_token(current_app.config["SECRET_KEY"], token)
    image = qrcode.make(status_url(token), image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.cache_control.max_age = 3600
    return response
