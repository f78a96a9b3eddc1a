"""Registered devices: add one, enrol it with a one-time code, know it by its token.

A kiosk, a lobby screen, a window screen or a rating tablet is added by an administrator
(``bianmin device add``), which gives a short one-time code (8 digits, typed on the
device's touch screen within ``CODE_HOURS``). Enrolling spends the code and hands the
device a long random token it keeps and sends with every request. Only SHA-256 digests
of codes and tokens are stored, so a copy of the database enrols nothing.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bianmin.audit.record import record
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, Window, utcnow
from bianmin.db import Database
from bianmin.devices.errors import BadEnrolCode, DeviceNameTaken, InvalidDevice, UnknownDevice
from bianmin.devices.models import Device, DeviceKind
from bianmin.printer.device import parse_printer_url
from bianmin.queue.clock import as_aware

CODE_DIGITS = 8
CODE_HOURS = 24
TOKEN_BYTES = 32
# last_seen_at / last_address are written at most this often per device
SEEN_EVERY = timedelta(minutes=1)
NAME = re.compile(r"[\w.\-]{1,60}")
# a token as enrol() makes it (token_urlsafe); anything else is not looked up
TOKEN = re.compile(r"[A-Za-z0-9_\-]{20,100}")
NO_PRINTER = "none"

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class DeviceInfo:
    """Who a device token belongs to: what the web layer checks and where a kiosk prints."""

    id: int
    hall_id: int
    hall_code: str
    name: str
    kind: str
    # window screens and rating tablets: their window; None otherwise
    window: int | None
    # a kiosk's printer URL; "" = the installation's default printer
    printer: str


@dataclass(frozen=True)
class DeviceRow:
    """One line of ``device list``."""

    info: DeviceInfo
    enrolled_at: datetime | None
    revoked_at: datetime | None
    last_seen_at: datetime | None
    last_address: str
    # an unspent code waits until then (None: no code pending)
    code_expires_at: datetime | None

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.enrolled_at is not None:
            return "enrolled"
        return "waiting"


@dataclass(frozen=True)
class Actor:
    """Who asked (a manager in /manage/; nobody for the command line), for the audit row."""

    staff_id: int | None = None
    username: str = ""
    address: str = ""


CLI = Actor()


@dataclass(frozen=True)
class Enrolment:
    device: DeviceInfo
    # give it to the device once; only its digest is kept
    token: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def add_device(
    db: Database, hall_code: str, name: str, kind: str, window: int | None = None,
    printer: str = "", *, clock: Clock = utcnow, by: Actor = CLI,
) -> tuple[DeviceInfo, str]:
    """Register a device; returns it and its one-time enrolment code (shown once)."""
    name, kind, printer = _checked(name, kind, window, printer)
    with db.write() as session:
        hall = _hall(session, hall_code)
        if session.scalar(select(Device.id).where(Device.hall_id == hall.id,
                                                  Device.name == name)) is not None:
            raise DeviceNameTaken(f"{hall.code} 已有名为 {name} 的设备；要重新注册请用 device code。")
        if window is not None and session.scalar(select(Window.id).where(
                Window.hall_id == hall.id, Window.number == window)) is None:
            raise InvalidDevice(f"{hall.code} 没有 {window} 号窗口。", code="unknown_window")
        device = Device(hall_id=hall.id, name=name, kind=kind, window_number=window,
                        printer=printer, last_address="")
        session.add(device)
        session.flush()
        code = _new_code(session, device, clock())
        record(session, "device.added", hall_id=hall.id, device_id=device.id,
               staff_id=by.staff_id, username=by.username, address=by.address,
               name=name, device_kind=kind, window=window)
        return _info(device, hall), code


def new_code(db: Database, hall_code: str, name: str, *, clock: Clock = utcnow,
             by: Actor = CLI) -> str:
    """A fresh one-time code for an existing device (the old code stops working)."""
    with db.write() as session:
        hall = _hall(session, hall_code)
        device = _device(session, hall, name)
        code = _new_code(session, device, clock())
        record(session, "device.code_issued", hall_id=hall.id, device_id=device.id,
               staff_id=by.staff_id, username=by.username, address=by.address, name=name)
        return code


def enrol(db: Database, code: str, *, address: str = "", clock: Clock = utcnow) -> Enrolment:
    """Spend a valid code: the device gets a new token (its old one stops working)."""
    typed = "".join(code.split()) if isinstance(code, str) else ""
    now = clock()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with db.write() as session:
        found = None
        if len(typed) == CODE_DIGITS and typed.isascii() and typed.isdigit():
            # FOR UPDATE (PostgreSQL): a code typed on two devices at once enrols one of them
            found = session.execute(
                select(Device, Hall).join(Hall, Hall.id == Device.hall_id)
                .where(Device.enrol_code_hash == digest(typed)).with_for_update(of=Device)
            ).first()
        if found is None or as_aware(found[0].enrol_expires_at) <= now:
            record(session, "device.enrol_failed", address=address,
                   hall_id=found[1].id if found else None,
                   device_id=found[0].id if found else None,
                   reason="expired" if found else "unknown")
            enrolment = None
        else:
            device, hall = found
            device.enrol_code_hash = None
            device.enrol_expires_at = None
            device.token_hash = digest(token)
            device.enrolled_at = now
            device.revoked_at = None
            device.last_seen_at = now
            device.last_address = address[:64]
            record(session, "device.enrolled", hall_id=hall.id, device_id=device.id,
                   address=address, name=device.name)
            enrolment = Enrolment(_info(device, hall), token)
    if enrolment is None:
        raise BadEnrolCode()
    return enrolment


def device_for_token(
    db: Database, token: str, *, address: str = "", clock: Clock = utcnow,
) -> DeviceInfo | None:
    """The enrolled, unrevoked device holding ``token``, or None; notes when it was seen."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    with db.read() as session:
        found = session.execute(
            select(Device, Hall).join(Hall, Hall.id == Device.hall_id)
            .where(Device.token_hash == digest(token), Device.revoked_at.is_(None))
        ).first()
        if found is None:
            return None
        device, hall = found
        info = _info(device, hall)
        seen, seen_from = device.last_seen_at, device.last_address
    now = clock()
    if seen is None or now - as_aware(seen) >= SEEN_EVERY or seen_from != address[:64]:
        with db.write() as session:
            session.execute(update(Device).where(Device.id == info.id)
                            .values(last_seen_at=now, last_address=address[:64]))
    return info


def revoke(db: Database, hall_code: str, name: str, *, clock: Clock = utcnow,
           by: Actor = CLI) -> DeviceInfo:
    """The device's token and any pending code stop working at once."""
    with db.write() as session:
        hall = _hall(session, hall_code)
        device = _device(session, hall, name)
        device.revoked_at = clock()
        device.token_hash = None
        device.enrol_code_hash = None
        device.enrol_expires_at = None
        record(session, "device.revoked", hall_id=hall.id, device_id=device.id,
               staff_id=by.staff_id, username=by.username, address=by.address, name=name)
        return _info(device, hall)


def list_devices(db: Database, hall_code: str | None = None) -> list[DeviceRow]:
    """Every device (of one hall), by hall and name."""
    with db.read() as session:
        query = select(Device, Hall).join(Hall, Hall.id == Device.hall_id)
        if hall_code is not None:
            query = query.where(Hall.id == _hall(session, hall_code).id)
        rows = session.execute(query.order_by(Hall.code, Device.name)).all()
        return [
            DeviceRow(
                info=_info(device, hall),
                enrolled_at=_aware(device.enrolled_at), revoked_at=_aware(device.revoked_at),
                last_seen_at=_aware(device.last_seen_at), last_address=device.last_address or "",
                code_expires_at=_aware(device.enrol_expires_at) if device.enrol_code_hash else None,
            )
            for device, hall in rows
        ]


def device_by_id(db: Database, hall_code: str, device_id: int) -> DeviceInfo:
    """A device of the hall by id (the managers' pages name devices by id), or UnknownDevice."""
    with db.read() as session:
        hall = _hall(session, hall_code)
        device = session.get(Device, device_id)
        if device is None or device.hall_id != hall.id:
            raise UnknownDevice(f"{hall.code} 没有编号为 {device_id} 的设备。")
        return _info(device, hall)


def window_printer(session: Session, hall_id: int, window: int) -> tuple[str, int] | None:
    """The printer of the window (its window device's, not revoked) and that device's id."""
    found = session.execute(
        select(Device.printer, Device.id)
        .where(Device.hall_id == hall_id, Device.kind == DeviceKind.WINDOW,
               Device.window_number == window, Device.revoked_at.is_(None), Device.printer != "")
        .order_by(Device.id).limit(1)
    ).first()
    return (found[0], found[1]) if found else None


def kiosk_named(session: Session, hall_id: int, name: str) -> DeviceInfo | None:
    """A kiosk of the hall by name (revoked ones too: their printer is still there)."""
    found = session.execute(
        select(Device, Hall).join(Hall, Hall.id == Device.hall_id)
        .where(Device.hall_id == hall_id, Device.name == name, Device.kind == DeviceKind.KIOSK)
    ).first()
    return _info(*found) if found else None


# -- helpers -------------------------------------------------------------------------------


def _checked(name: str, kind: str, window: int | None, printer: str) -> tuple[str, str, str]:
    name = (name or "").strip()
    if not NAME.fullmatch(name):
        raise InvalidDevice("设备名称须为 1–60 个字母、数字、汉字、点、下划线或连字符，例如 kiosk-1。")
    try:
        kind = DeviceKind(kind).value
    except ValueError:
        raise InvalidDevice("设备类型只能是 kiosk、lobby、window 或 rating。",
                            code="invalid_kind") from None
    if kind in (DeviceKind.WINDOW, DeviceKind.RATING):
        if not isinstance(window, int) or isinstance(window, bool) or window < 1:
            raise InvalidDevice("窗口屏和评价器须指明窗口号（--window N）。", code="window_required")
    elif window is not None:
        raise InvalidDevice("只有窗口屏和评价器属于某个窗口，取号机和大厅屏不需要 --window。",
                            code="window_not_allowed")
    printer = (printer or "").strip()
    # a kiosk prints tickets; a window screen's printer is its window's (written notices)
    if printer and kind not in (DeviceKind.KIOSK, DeviceKind.WINDOW):
        raise InvalidDevice("只有取号机和窗口屏可以连接打印机（--printer）。", code="printer_not_allowed")
    if printer and printer != NO_PRINTER:
        parse_printer_url(printer)  # InvalidPrinterUrl says what is wrong
    if len(printer) > 300:
        raise InvalidDevice("打印机地址太长（最多 300 个字符）。", code="invalid_printer")
    return name, kind, printer


def _new_code(session: Session, device: Device, now: datetime) -> str:
    for _ in range(20):
        code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        if session.scalar(select(Device.id).where(Device.enrol_code_hash == digest(code))) is None:
            break
    device.enrol_code_hash = digest(code)
    device.enrol_expires_at = now + timedelta(hours=CODE_HOURS)
    return code


def _hall(session: Session, code: str) -> Hall:
    hall = session.scalar(select(Hall).where(Hall.code == code))
    if hall is None:
        raise UnknownHall(hall=code)
    return hall


def _device(session: Session, hall: Hall, name: str) -> Device:
    device = session.scalar(select(Device).where(Device.hall_id == hall.id, Device.name == name))
    if device is None:
        raise UnknownDevice(f"{hall.code} 没有名为 {name} 的设备（bianmin device list 可查看）。")
    return device


def _info(device: Device, hall: Hall) -> DeviceInfo:
    return DeviceInfo(
        id=device.id, hall_id=hall.id, hall_code=hall.code, name=device.name, kind=device.kind,
        window=device.window_number, printer=device.printer or "",
    )


def _aware(value: datetime | None) -> datetime | None:
    return as_aware(value) if value is not None else None


def touch_devices(db: Database, device_ids: set[int], now: datetime) -> None:
    """Note contact with these devices now (enrolled, unrevoked ones only)."""
    if not device_ids:
        return
    with db.write() as session:
        session.execute(update(Device).where(Device.id.in_(device_ids),
                                             Device.revoked_at.is_(None),
                                             Device.token_hash.is_not(None))
                        .values(last_seen_at=now))


def record_reload(db: Database, device: DeviceInfo, *, reason: str = "manager",
                  by: Actor = CLI) -> None:
    """Audit a remote reload (``device.reloaded``) sent to the device's open page."""
    with db.write() as session:
        record(session, "device.reloaded", hall_id=device.hall_id, device_id=device.id,
               staff_id=by.staff_id, username=by.username, address=by.address,
               name=device.name, reason=reason)
