"""The hall's devices and print jobs, for its managers (/manage/devices, /manage/print-jobs).

Thin: the registry is ``bianmin.devices.service`` (the ``bianmin device …`` commands call
the same functions), the list ``bianmin.devices.overview``, printing ``bianmin.web.printing``,
the remote reload ``bianmin.web.presence``. Every endpoint: the hall's managers or a county
manager (``manager_of``); every write is recorded in the audit trail with who did it.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from flask import request, url_for

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.shapes.admin_devices import (
    AddDevice,
    DeviceCode,
    DeviceList,
    DevicePath,
    HallPrintJobs,
    ManagerReprint,
    PrintJobPath,
    PrintJobQuery,
    Reload,
    Revoked,
    TestPrint,
    UnknownPrintJob,
)
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.counter import NoFields
from bianmin.audit.trail import day_bounds
from bianmin.catalog.models import Hall
from bianmin.catalog.queries import get_hall
from bianmin.devices.models import DeviceKind
from bianmin.devices.overview import hall_devices
from bianmin.devices.service import (
    Actor,
    DeviceInfo,
    add_device,
    device_by_id,
    new_code,
    record_reload,
    revoke,
)
from bianmin.errors import Conflict, InvalidInput
from bianmin.notices import service as notices
from bianmin.printer.models import PrintJob, PrintStatus
from bianmin.printer.outcome import PrintOutcome
from bianmin.printer.report import hall_job, hall_jobs
from bianmin.queue.clock import business_day
from bianmin.queue.models import Ticket
from bianmin.staff.sessions import LiveSession
from bianmin.web import notice_printing, printing
from bianmin.web.presence import connected_here, reload_device
from bianmin.web.runtime import runtime

MANAGERS = "Managers of the hall or a county manager (401 signed out, 403 `manager_only` / " \
    "`other_hall`, 404 `unknown_hall`); recorded in the audit trail with who did it."


class NotAKiosk(Conflict):
    code = "not_a_kiosk"
    message = "只有取号机连接打印机，这台设备不能测试打印。"


class NoPrinter(Conflict):
    code = "no_printer"
    message = "这台取号机设置为不连接打印机（none），无法打印。"


class NotEnrolled(Conflict):
    code = "device_not_enrolled"
    message = "这台设备尚未登记或已吊销，无法远程刷新。"


def now() -> datetime:
    return datetime.now(timezone.utc)


def _actor(live: LiveSession) -> Actor:
    return Actor(staff_id=live.staff_id, username=live.username,
                 address=request.remote_addr or "")


def _hall(code: str) -> Hall:
    with runtime().db.read() as session:
        hall = get_hall(session, code)
        session.expunge(hall)
        return hall


def _rows(hall: Hall) -> list[dict]:
    rt = runtime()
    with rt.db.read() as session:
        return hall_devices(session, hall.id, now=now(),
                            online_seconds=rt.settings.device_online_seconds,
                            default_printer=printing.device_for(rt.settings, ""))


def _row(hall: Hall, device_id: int) -> dict:
    return next(r for r in _rows(hall) if r["id"] == device_id)


def enrol_url() -> str:
    base = runtime().settings.public_url.rstrip("/") or request.host_url.rstrip("/")
    return base + url_for("enrol.page")


def _device(hall: str, device: int) -> DeviceInfo:
    return device_by_id(runtime().db, hall, device)


def _code_answer(hall: Hall, info: DeviceInfo, code: str) -> dict:
    row = _row(hall, info.id)
    return {"device": row, "code": code, "expires_at": row["code_expires_at"],
            "enrol_url": enrol_url()}


@blueprint.get("/halls/<hall>/devices")
@operation("listHallDevices", "The hall's kiosks, screens and tablets with what the server "
           "knows of them (managers)",
           description="Per device: kind, window, 在线/离线/已吊销/待登记 (online = heard from "
           "within `device_online_seconds`), last contact and address, and for kiosks the "
           "printer, paper state and last print error from its print jobs (docs/admin.md says "
           "what is and is not known). " + MANAGERS,
           path=HallPath, auth=manager_of, answers={200: DeviceList})
def list_devices(hall: str, auth: LiveSession):  # type: ignore[no-untyped-def]
    found = _hall(hall)
    return {"hall": hall, "online_seconds": runtime().settings.device_online_seconds,
            "at": now().isoformat(), "enrol_url": enrol_url(), "devices": _rows(found)}


@blueprint.post("/halls/<hall>/devices")
@operation("addHallDevice", "Register a device; the answer holds its one-time enrolment code",
           description="The code (8 digits, valid once for 24 hours) is shown once: open "
           "`enrol_url` on the device and type it. 409 `device_name_taken`; 400 for a kind "
           "without a window or a window without one, an unknown window, a printer on a "
           "screen or a bad printer URL. " + MANAGERS,
           path=HallPath, body=AddDevice, auth=manager_of, answers={201: DeviceCode},
           errors=(409,))
def add_hall_device(hall: str, body: AddDevice, auth: LiveSession):  # type: ignore[no-untyped-def]
    found = _hall(hall)
    info, code = add_device(runtime().db, hall, body.name, body.kind, body.window,
                            body.printer, by=_actor(auth))
    return _code_answer(found, info, code), 201


@blueprint.post("/halls/<hall>/devices/<device>/code")
@operation("newDeviceCode", "A new one-time enrolment code for a device",
           description="The previous code stops working; the device's token keeps working "
           "until the device enrols with the new code (then only the new token works). "
           "Also how a revoked device is enrolled again. " + MANAGERS,
           path=DevicePath, body=NoFields, empty_body=True, auth=manager_of,
           answers={200: DeviceCode})
def new_device_code(hall: str, device: int, body: NoFields, auth: LiveSession):  # type: ignore[no-untyped-def]
    found = _hall(hall)
    info = _device(hall, device)
    code = new_code(runtime().db, hall, info.name, by=_actor(auth))
    return _code_answer(found, info, code)


@blueprint.post("/halls/<hall>/devices/<device>/revoke")
@operation("revokeDevice", "Revoke a device: its token and any pending code stop working",
           description="At its next request the device gets 401 `device_unknown`; its open "
           "page is told to reload at once, and then shows that it is no longer registered. "
           + MANAGERS,
           path=DevicePath, body=NoFields, empty_body=True, auth=manager_of,
           answers={200: Revoked})
def revoke_device(hall: str, device: int, body: NoFields, auth: LiveSession):  # type: ignore[no-untyped-def]
    found = _hall(hall)
    info = revoke(runtime().db, hall, _device(hall, device).name, by=_actor(auth))
    reload_device(info.id, reason="revoked")
    return {"device": _row(found, info.id)}


@blueprint.post("/halls/<hall>/devices/<device>/test-print")
@operation("testPrintDevice", "Print a test slip on a kiosk's printer now",
           description="Through the normal print path: a print job (without a ticket) with "
           "its outcome, as a reprint; the answer says whether it printed and why not. "
           "409 `not_a_kiosk`, `no_printer`. " + MANAGERS,
           path=DevicePath, body=NoFields, empty_body=True, auth=manager_of,
           answers={200: TestPrint}, errors=(409,))
def test_print_device(hall: str, device: int, body: NoFields, auth: LiveSession):  # type: ignore[no-untyped-def]
    found = _hall(hall)
    info = _device(hall, device)
    outcome = _test_print(found, info, auth)
    row = _row(found, info.id)
    return {"device": row, "job": row["last_job"], "printed": outcome.printed,
            "message": _said(outcome, "测试小票已打印。")}


def _test_print(hall: Hall, info: DeviceInfo, auth: LiveSession) -> PrintOutcome:
    if info.kind != DeviceKind.KIOSK:
        raise NotAKiosk()
    outcome = printing.test_print(info, hall.name, hall.timezone, requested_by=auth.staff_id,
                                  username=auth.username, address=request.remote_addr or "")
    if outcome is None:
        raise NoPrinter()
    return outcome


def _said(outcome: PrintOutcome, ok: str) -> str:
    if outcome.printed:
        return ok + (outcome.reason if outcome.reason else "")
    return f"打印失败：{outcome.reason}"


@blueprint.post("/halls/<hall>/devices/<device>/reload")
@operation("reloadDevice", "Tell a device's open page to reload itself now (远程刷新)",
           description="A Socket.IO event `device.reload` to the room of that device "
           "(`device:<id>`, joined by the kiosk, lobby, window screen and rating tablet pages "
           "that connect with their device token), through the message queue to every "
           "server process. A kiosk in the middle of a visitor's visit reloads when the "
           "visit ends. `connected_here` says whether this process has a connection of it. "
           "409 `device_not_enrolled`. " + MANAGERS,
           path=DevicePath, body=NoFields, empty_body=True, auth=manager_of,
           answers={200: Reload}, errors=(409,))
def reload_hall_device(hall: str, device: int, body: NoFields, auth: LiveSession):  # type: ignore[no-untyped-def]
    found = _hall(hall)
    info = _device(hall, device)
    row = _row(found, info.id)
    if row["status"] in ("revoked", "waiting"):
        raise NotEnrolled()
    record_reload(runtime().db, info, by=_actor(auth))
    reload_device(info.id)
    here = connected_here(info.id)
    message = "已通知设备刷新页面。" if here else \
        "已发出刷新通知；本服务器进程上没有这台设备的连接，它若已联网会在下次连接后正常工作。"
    return {"device_id": info.id, "sent": True, "connected_here": here, "message": message}


@blueprint.get("/halls/<hall>/print-jobs")
@operation("listHallPrintJobs", "The hall's print jobs of one business day (managers)",
           description="Newest first, at most 1000: `state=failed` (default: offline, timeout, "
           "paper_out, error) or `all`, of business day `day` (default today): the ticket, "
           "the kiosk and printer, the attempt, the reason in Chinese, and whether a later "
           "attempt printed. Test prints are listed with `purpose` `test`. " + MANAGERS,
           path=HallPath, query=PrintJobQuery, auth=manager_of, answers={200: HallPrintJobs})
def list_hall_print_jobs(hall: str, query: PrintJobQuery, auth: LiveSession):  # type: ignore[no-untyped-def]
    found = _hall(hall)
    try:
        day = date.fromisoformat(query.day) if query.day else business_day(now(), found.timezone)
    except ValueError:
        raise InvalidInput("day 须为日期 YYYY-MM-DD。", code="invalid_date") from None
    start, end = day_bounds(day, day, found.timezone)
    with runtime().db.read() as session:
        jobs = hall_jobs(session, found.id, start, end, failed_only=query.state == "failed")
    return {"hall": hall, "day": day.isoformat(), "state": query.state, "jobs": jobs}


@blueprint.post("/halls/<hall>/print-jobs/<job>/reprint")
@operation("reprintPrintJob", "Print a job again now (managers: 重新打印)",
           description="A ticket's job: a new attempt of that ticket on the same kiosk's printer "
           "(audited `ticket.reprinted`, as staff reprints are); a test print: a new test "
           "print (`device.test_print`). The answer is the new attempt with its outcome. "
           + MANAGERS,
           path=PrintJobPath, body=NoFields, empty_body=True, auth=manager_of,
           answers={200: ManagerReprint}, errors=(409,))
def reprint_print_job(hall: str, job: int, body: NoFields, auth: LiveSession):  # type: ignore[no-untyped-def]
    found = _hall(hall)
    db = runtime().db
    with db.read() as session:
        view = hall_job(session, found.id, job)
        if view is None:
            raise UnknownPrintJob()
        row = session.get(PrintJob, job)
        ticket = session.get(Ticket, row.ticket_id) if row.ticket_id is not None else None
        notice = notices.load(session, row.notice_id) if row.notice_id is not None else None
    if notice is not None:  # a written notice: again on its window's printer
        outcome = notice_printing.reprint(notice, found.id, auth.staff_id, None)
        if outcome is None:
            raise NoPrinter("这个窗口没有连接打印机，无法重新打印通知书。")
    elif ticket is None:
        if view["device_id"] is None:
            raise UnknownPrintJob("这条测试打印记录的设备已删除，无法重新打印。")
        outcome = _test_print(found, _device(hall, view["device_id"]), auth)
    else:
        printer, device_id = "", view["device_id"]
        if device_id is not None:
            printer = _device(hall, device_id).printer
        outcome = printing.reprint(ticket.id, printer, requested_by=auth.staff_id,
                                   device_id=device_id)
        if outcome is None:
            raise NoPrinter()
    with db.read() as session:
        new = hall_job(session, found.id, outcome.job_id) if outcome.job_id else None
    if new is None:  # the job row is always there; kept for the type checker
        raise UnknownPrintJob()
    return {"job": new, "printed": outcome.status is PrintStatus.PRINTED,
            "message": _said(outcome, "已重新打印。")}
