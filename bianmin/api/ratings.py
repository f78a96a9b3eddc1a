"""好差评 over HTTP: a visitor rates a finished ticket; managers read ratings and follow up.

Who may rate (docs/ratings.md): the ticket's token holder (the status page: channel
``phone``), or the rating tablet of the window that finished it (channel ``tablet``): an
enrolled device of kind ``rating`` of that window, or — in an open-mode hall only — a
request naming that window. The checks of the rating itself are ``bianmin.ratings``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from flask import current_app

from bianmin.api import blueprint
from bianmin.api.access import TicketTokenRequired, require_ticket_reader, ticket_token_of_request
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.shapes.common import HallPath, TicketPath
from bianmin.api.shapes.ratings import (
    FollowUpList,
    FollowUpPath,
    FollowUpQuery,
    NoteRequest,
    RatingAnswer,
    RatingList,
    RatingQuery,
    RatingRequest,
    RatingsQuery,
)
from bianmin.catalog.queries import get_hall
from bianmin.devices.models import DeviceKind
from bianmin.errors import InvalidInput, NotFound
from bianmin.queue.clock import business_day
from bianmin.queue.errors import UnknownTicket
from bianmin.ratings.errors import NotFinished, NotThisTablet, WrongTicketToken
from bianmin.ratings.events import FollowUpChanged
from bianmin.ratings.levels import is_bad
from bianmin.ratings.notes import add_note
from bianmin.ratings.queries import follow_ups_of_hall, rating_of_ticket, rating_view, ratings_of_hall
from bianmin.ratings.record import Channel, Finish, RatingInput, RatingRules, read_finish, record_rating
from bianmin.staff.sessions import LiveSession
from bianmin.web import publish
from bianmin.web.devices import device_of_hall, hall_is_open, presented_token
from bianmin.web.runtime import runtime
from bianmin.web.tokens import ticket_id_from_token

# the managers' lists without from/to: the last 30 days
DEFAULT_DAYS = 30


class NotRated(NotFound):
    code = "not_rated"
    message = "这个号还没有评价。"


class RatingTokenRequired(TicketTokenRequired):
    code = "ticket_token_required"
    message = "请扫描小票上的二维码评价，或在办理窗口的评价器上评价。"


def rules() -> RatingRules:
    return RatingRules.of(runtime().settings)


def now() -> datetime:
    return datetime.now(timezone.utc)


@blueprint.post("/tickets/<ticket_id>/rating")
@operation("rateTicket", "Rate a finished ticket (好差评): once per ticket",
           description="With the ticket's `token` (the status page, channel `phone`, within "
           "`rating_days` of the finish), or from the rating tablet of the window that "
           "finished it (channel `tablet`, within `rating_tablet_minutes`): an enrolled "
           "device of kind `rating` of that window (`Authorization: Device <token>`), or, in "
           "an open-mode hall only, `window` equal to that window. Levels 1–2 need at least "
           "one reason and open a follow-up for the hall's managers; 3–5 take none. 409 "
           "`not_finished`, `already_rated` (a second rating, whichever way it comes), "
           "`rating_closed` (too late); 403 `wrong_token` or another window's tablet.",
           path=TicketPath, body=RatingRequest, answers={201: RatingAnswer},
           errors=(401, 403, 409))
def rate_ticket(ticket_id: int, body: RatingRequest):  # type: ignore[no-untyped-def]
    """Record the visitor's rating of a finished ticket, then tell the window and the managers."""
    rt = runtime()
    finish = read_finish(rt.db, ticket_id)
    channel = _channel(finish, body)
    given = RatingInput(level=body.level, reasons=list(body.reasons), remark=body.remark,
                        phone=body.phone, channel=channel)
    at = now()
    rating_id, event = record_rating(rt.db, ticket_id, given, at, rules())
    changes: list[Any] = [event]
    if is_bad(body.level):
        changes.append(FollowUpChanged(hall_id=finish.hall_id, rating_id=rating_id,
                                       state="open", action="opened", at=at))
    publish.rating_events(changes)
    with rt.db.read() as session:
        return {"rating": rating_view(session, rating_id, at)}, 201


def _channel(finish: Finish, body: RatingRequest) -> str:
    """phone (the ticket's token) or tablet (that window's tablet); else 401/403."""
    token = body.token or ticket_token_of_request()
    if token:
        try:
            signed_for = ticket_id_from_token(current_app.config["SECRET_KEY"], token)
        except UnknownTicket:
            signed_for = None
        if signed_for != finish.ticket_id:
            raise WrongTicketToken()
        return Channel.PHONE
    if presented_token() is not None:
        device = device_of_hall(finish.hall_code)  # 401 unknown token, 403 another hall
        if device is None or device.kind != DeviceKind.RATING:
            raise NotThisTablet("只有窗口的评价器可以不带二维码评价。", code="not_a_rating_tablet")
        return _tablet_of(finish, device.window)
    if body.window is not None and hall_is_open(runtime().settings, finish.hall_code):
        return _tablet_of(finish, body.window)
    raise RatingTokenRequired()


def _tablet_of(finish: Finish, window: int | None) -> str:
    if not finish.finished:
        raise NotFinished()
    if window is None or window != finish.window_number:
        raise NotThisTablet()
    return Channel.TABLET


@blueprint.get("/tickets/<ticket_id>/rating")
@operation("getTicketRating", "A ticket's rating, or 404 `not_rated`",
           description="For the ticket's token holder (query `token` or header "
           "X-Ticket-Token), staff of its hall, or the kiosk that issued it.",
           path=TicketPath, query=RatingQuery, answers={200: RatingAnswer}, errors=(401,))
def ticket_rating(ticket_id: int, query: RatingQuery):  # type: ignore[no-untyped-def]
    """Whether (and how) the ticket was rated: the status page and the counter ask."""
    require_ticket_reader(ticket_id)
    with runtime().db.read() as session:
        view = rating_of_ticket(session, ticket_id, now())
    if view is None:
        read_finish(runtime().db, ticket_id)  # an unknown ticket stays unknown_ticket
        raise NotRated()
    return {"rating": view}



def _period(hall: str, query: RatingsQuery) -> tuple[date, date]:
    """The business days asked for; a ``from`` after ``to`` is an empty period, not an error."""
    with runtime().db.read() as session:
        zone = get_hall(session, hall).timezone
    today = business_day(now(), zone)
    try:
        last = date.fromisoformat(query.last) if query.last else today
        first = date.fromisoformat(query.first) if query.first else last - timedelta(days=DEFAULT_DAYS - 1)
    except ValueError:
        raise InvalidInput("日期须为 YYYY-MM-DD，例如 2026-12-01。", code="invalid_date") from None
    return first, last


@blueprint.get("/halls/<hall>/ratings")
@operation("listRatings", "The hall's ratings of a period (managers)",
           description="Ratings of tickets whose business day lies in `from`..`to` "
           "(default: the last 30 days; `from` after `to` is an empty period), newest first, each with its ticket, level, window, "
           "the staff member who finished the ticket, reasons and the follow-up state. "
           "Managers of the hall only: 401 signed out, 403 for staff or another hall.",
           path=HallPath, query=RatingsQuery, auth=manager_of, answers={200: RatingList})
def list_ratings(hall: str, query: RatingsQuery, auth: LiveSession):  # type: ignore[no-untyped-def]
    first, last = _period(hall, query)
    with runtime().db.read() as session:
        views = ratings_of_hall(session, auth.hall_id, first, last, now())
    return {"hall": hall, "from": first.isoformat(), "to": last.isoformat(), "ratings": views}


@blueprint.get("/halls/<hall>/follow-ups")
@operation("listFollowUps", "Bad ratings and their follow-up (managers)",
           description="Ratings of level 1–2 with their follow-up: `open` (default; the "
           "soonest due first, `overdue` past `followup_working_days` working days), "
           "`closed` or `all`.",
           path=HallPath, query=FollowUpQuery, auth=manager_of, answers={200: FollowUpList})
def list_follow_ups(hall: str, query: FollowUpQuery, auth: LiveSession):  # type: ignore[no-untyped-def]
    with runtime().db.read() as session:
        views = follow_ups_of_hall(session, auth.hall_id, query.state, now())
    return {"hall": hall, "state": query.state, "ratings": views}


@blueprint.post("/halls/<hall>/follow-ups/<rating_id>/notes")
@operation("addFollowUpNote", "Record what was done about a bad rating; maybe close it (managers)",
           description="Appends a note (contacted, explained, rectified, note, closed); "
           "`close` (or action `closed`) closes the follow-up, which then takes no more "
           "notes (409 `follow_up_closed`). The rating itself never changes.",
           path=FollowUpPath, body=NoteRequest, auth=manager_of, answers={201: RatingAnswer},
           errors=(409,))
def add_follow_up_note(hall: str, rating_id: int, body: NoteRequest,  # type: ignore[no-untyped-def]
                       auth: LiveSession):
    at = now()
    change = add_note(runtime().db, auth.hall_id, rating_id, auth.staff_id, body.action,
                      body.text, body.close, at)
    publish.rating_events([change])
    with runtime().db.read() as session:
        return {"rating": rating_view(session, rating_id, at)}, 201
