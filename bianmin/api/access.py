"""Who may issue tickets, watch a hall, and read a ticket (docs/security.md).

A hall in open mode (the demo hall, or ``open_kiosks``) lets anyone issue tickets and
watch it, as before devices existed. Any other hall asks for an enrolled device of that
hall (a kiosk to issue, any device to watch) or a signed-in member of its staff. A ticket
is read with its signed token, by staff of its hall, or by the kiosk that issued it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy import select

from bianmin.catalog.models import Hall
from bianmin.devices.models import DeviceKind
from bianmin.errors import BianminError, Unauthorized
from bianmin.queue.errors import UnknownTicket
from bianmin.queue.models import Ticket
from bianmin.web.devices import DeviceNotAllowed, DeviceRequired, device_of_hall, hall_is_open
from bianmin.web.runtime import runtime
from bianmin.web.tokens import ticket_id_from_token

# the visitor at a kiosk reads this: no technical words
TOO_MANY_TICKETS = "取号太频繁，请稍后再试或联系工作人员。"
TICKET_HEADER = "X-Ticket-Token"


class TicketTokenRequired(Unauthorized):
    code = "ticket_token_required"
    message = "请扫描小票上的二维码查看排队进度，或到窗口咨询工作人员。"


@dataclass(frozen=True)
class Issuer:
    """Who takes a ticket: the label stored on it and the printer it prints on."""

    kiosk: str
    # a printer URL; "" = the installation's default printer setting
    printer: str
    # the enrolled kiosk, if one issues (its print jobs carry it)
    device_id: int | None = None


def staff_hall() -> tuple[int, str] | None:
    """(hall id, hall code) of this request's signed-in member of staff, if any."""
    from bianmin.api.session import current_staff  # the one place that says what "signed in" is

    try:
        live = current_staff()
    except BianminError:
        return None
    with runtime().db.read() as session:
        code = session.scalar(select(Hall.code).where(Hall.id == live.hall_id))
    return (live.hall_id, code) if code is not None else None


def issuer_for(hall_code: str, label: str) -> Issuer:
    """Who may issue in this hall, on which printer; a kiosk past its limit gets 429."""
    rt = runtime()
    if hall_is_open(rt.settings, hall_code):
        try:
            device = device_of_hall(hall_code)
        except BianminError:
            device = None  # open mode: a stale token is no reason to refuse a visitor
        if device is not None and device.kind == DeviceKind.KIOSK:
            return Issuer(device.name, device.printer, device.id)
        return Issuer(label, "")
    device = device_of_hall(hall_code)
    if device is not None:
        if device.kind != DeviceKind.KIOSK:
            raise DeviceNotAllowed("只有取号机可以取号。", code="not_a_kiosk")
        rt.limits.hit(rt.settings.kiosk_ticket_limit, "kiosk-tickets", str(device.id),
                      message=TOO_MANY_TICKETS, code="too_many_tickets")
        return Issuer(device.name, device.printer, device.id)
    staff = staff_hall()
    if staff is not None and staff[1] == hall_code:
        return Issuer(label, "")  # the guide desk issues for a visitor: not limited
    if staff is not None:
        raise DeviceNotAllowed("您是另一个服务中心的工作人员，不能在这里取号。")
    raise DeviceRequired("这台取号机尚未注册，暂时不能取号。请联系工作人员。")


def require_hall_viewer(hall_code: str) -> None:
    """A closed hall's live state: an enrolled device of the hall or its staff, else 401/403."""
    if hall_is_open(runtime().settings, hall_code):
        return
    if device_of_hall(hall_code) is not None:
        return
    staff = staff_hall()
    if staff is not None and staff[1] == hall_code:
        return
    if staff is not None:
        raise DeviceNotAllowed("您是另一个服务中心的工作人员，不能查看这里。")
    raise DeviceRequired("这块屏幕尚未注册，不能显示本服务中心。请工作人员在本机打开 /enrol 输入注册码。")


def ticket_token_of_request() -> str:
    """The ticket token sent as ``X-Ticket-Token`` or ``?token=`` ("" when none)."""
    token = request.headers.get(TICKET_HEADER) or request.args.get("token") or ""
    return token.strip()[:100]


def require_ticket_reader(ticket_id: int) -> None:
    """The ticket's token, staff of its hall, or the kiosk that issued it; else 401/404."""
    token = ticket_token_of_request()
    if token:
        try:
            if ticket_id_from_token(current_app.config["SECRET_KEY"], token) == ticket_id:
                return
        except UnknownTicket:
            pass
        raise UnknownTicket()  # a wrong token tells nothing about which tickets exist
    with runtime().db.read() as session:
        ticket = session.execute(
            select(Ticket.hall_id, Ticket.kiosk, Hall.code).join(Hall, Hall.id == Ticket.hall_id)
            .where(Ticket.id == ticket_id)
        ).first()
    staff = staff_hall()
    if staff is not None:
        if ticket is None or staff[0] != ticket.hall_id:
            raise UnknownTicket()
        return
    if ticket is not None:
        try:
            device = device_of_hall(ticket.code)
        except BianminError:
            device = None
        if device is not None and device.kind == DeviceKind.KIOSK and device.name == ticket.kiosk:
            return
    raise TicketTokenRequired()
