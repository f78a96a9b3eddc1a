"""Print a ticket after it is committed, in the background, and report how it went.

Issuing a ticket never waits for the printer: the ticket exists once committed; the print
job is recorded in its own short transaction and executed by a background task. The kiosk
polls the ticket to learn the job's outcome.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy.orm import Session

from bianmin.devices.service import DeviceInfo
from bianmin.printer import jobs
from bianmin.printer.jobs import create_job, latest_job
from bianmin.printer.models import PrintJob, PrintStatus
from bianmin.printer.outcome import PrintOutcome
from bianmin.printer.service import Offload, inline
from bianmin.printer.slip import TicketSlip
from bianmin.queue.clock import as_aware, hall_zone
from bianmin.queue.tickets import TicketInfo, ticket_info
from bianmin.settings import Settings
from bianmin.web.runtime import runtime
from bianmin.web.status import status_url
from bianmin.web.tokens import ticket_token

log = logging.getLogger(__name__)

NO_PRINTER = "none"

MESSAGES = {
    PrintStatus.PENDING: "正在打印…",
    PrintStatus.PRINTED: "请取走您的排队小票",
}
FAILED = "打印失败，您的号码仍然有效，请拍照或扫码保存"
NOT_ATTACHED = "本机未连接打印机，请拍照或扫码保存您的号码"


def device_for(settings: Settings, printer: str) -> str:
    """The printer to use: a kiosk's own (its device record), else the default setting.

    The request never names a printer: ``printer`` comes from the registered device
    (``bianmin device add … --printer URL``). ``kiosk_printers`` is retired (ignored).
    """
    return printer or settings.resolved_printer


def start(info: TicketInfo, printer: str = "", device_id: int | None = None, *,
          wait: str = "") -> dict:
    """Record a print job for the new ticket, run it in the background; its status now.

    ``device_id``: the enrolled kiosk that issued it (its printer), kept on the job so that
    the managers' device list shows the kiosk's paper and last error."""
    rt = runtime()
    device = device_for(rt.settings, printer)
    if device == NO_PRINTER:
        return _status(None)
    with rt.db.write() as session:
        job = create_job(session, info.id, device, owner=print_worker_id(), device_id=device_id)
    slip = slip_of(info, _status_url(info.id), wait)
    socketio = current_app.extensions["socketio"]
    socketio.start_background_task(
        _run, rt.db, job.id, slip, device, rt.settings.printer_timeout, rt.settings.font_path,
        offload_for(rt.settings),
    )
    return _status(job)


def reprint(ticket_id: int, printer: str = "", requested_by: int | None = None,
            window_number: int | None = None, device_id: int | None = None) -> PrintOutcome | None:
    """A staff-requested reprint: a new job for the same ticket, run now. None: no printer."""
    rt = runtime()
    device = device_for(rt.settings, printer)
    if device == NO_PRINTER:
        return None
    return jobs.reprint(
        rt.db, ticket_id, slip_for(ticket_id), device, requested_by,
        timeout=rt.settings.printer_timeout, font_path=rt.settings.font_path,
        offload=offload_for(rt.settings), owner=print_worker_id(), window_number=window_number,
        device_id=device_id,
    )


def test_print(device: DeviceInfo, hall_name: str, zone: str, *, requested_by: int | None,
               username: str, address: str) -> PrintOutcome | None:
    """A test slip on the kiosk's printer, now, through the normal print path (a job row
    with its outcome). None: the kiosk has no printer (``none``)."""
    rt = runtime()
    url = device_for(rt.settings, device.printer)
    if url == NO_PRINTER:
        return None
    return jobs.test_print(
        rt.db, test_slip(hall_name, device.name, url, zone), url, hall_id=device.hall_id,
        device_id=device.id, device_name=device.name, requested_by=requested_by,
        username=username, address=address, timeout=rt.settings.printer_timeout,
        font_path=rt.settings.font_path, offload=offload_for(rt.settings),
        owner=print_worker_id(),
    )


def test_slip(hall_name: str, device_name: str, url: str, zone: str) -> TicketSlip:
    """What a test print says: which kiosk and printer, and that it is not a number."""
    from bianmin.printer.device import redact

    return TicketSlip(
        hall_name=hall_name, complaint_phone="", number="测试", priority_green=False,
        scenario="测试打印（不是排队号）", matter="", queue_name="测试打印", windows=[], ahead=0,
        materials=[f"取号机：{device_name}", f"打印机：{redact(url)}",
                   "能看清这张小票上的文字，说明打印机工作正常。"],
        notice="", time_limit="", role_label="", window_phone="",
        issued_at=datetime.now(timezone.utc).astimezone(hall_zone(zone)), status_url="",
    )


def print_worker_id() -> str | None:
    """This process's PrintWorker id (bianmin.web.print_worker), the owner of its jobs."""
    worker = runtime().parts.get("print_worker")
    return worker.worker_id if worker is not None else None


def offload_for(settings: Settings) -> Offload:
    """Under eventlet, rendering and blocking device I/O run in eventlet's native threads."""
    if settings.async_mode == "eventlet":
        from eventlet import tpool

        return tpool.execute
    return inline


def _run(db, job_id: int, slip: TicketSlip, device: str, timeout: float, font_path: str,  # type: ignore[no-untyped-def]
         offload: Offload) -> None:
    try:
        jobs.execute_job(db, job_id, slip, device, timeout, font_path=font_path, offload=offload)
    except Exception:  # noqa: BLE001 - a background task must log, not die silently
        log.exception("print job %s failed unexpectedly", job_id)


def slip_for(ticket_id: int) -> TicketSlip:
    with runtime().db.read() as session:
        info = ticket_info(session, ticket_id)
    return slip_of(info, _status_url(ticket_id))


def _status_url(ticket_id: int) -> str:
    return status_url(ticket_token(current_app.config["SECRET_KEY"], ticket_id))


def slip_of(info: TicketInfo, status_url: str, wait: str = "") -> TicketSlip:
    return TicketSlip(
        hall_name=info.hall_name,
        complaint_phone=info.complaint_phone,
        number=info.number,
        priority_green=info.priority.value == "green",
        scenario=info.scenario_name,
        matter=info.matter,
        queue_name=info.queue_name,
        windows=[(w.number, w.name) for w in info.windows],
        ahead=info.ahead,
        materials=list(info.materials),
        notice=info.notice,
        time_limit=info.time_limit,
        role_label=info.role_label,
        window_phone=info.phone,
        issued_at=info.issued_at_local,
        status_url=status_url,
        footer=info.ticket_footer,
        wait=wait,
        assisted=info.source.value == "guide",
    )


def status_of(session: Session, ticket_id: int) -> dict:
    """The latest print job of a ticket as the kiosk shows it."""
    return _status(latest_job(session, ticket_id))


def _status(job: PrintJob | None) -> dict:
    if job is None:
        return {"job_id": None, "status": NO_PRINTER, "message": NOT_ATTACHED, "attempt": 0}
    status = PrintStatus(job.status)
    message = MESSAGES.get(status, FAILED)
    return {
        "job_id": job.id,
        "status": status.value,
        "message": message,
        "error": job.error,
        "attempt": job.attempt,
    }


def history_of(session: Session, ticket_id: int) -> list[dict]:
    """Every print attempt of a ticket, oldest first."""
    return [
        {
            "job_id": job.id, "attempt": job.attempt, "status": PrintStatus(job.status).value,
            "error": job.error, "device": job.device, "requested_by": job.requested_by,
            "created_at": as_aware(job.created_at).isoformat(),
            "finished_at": as_aware(job.finished_at).isoformat() if job.finished_at else None,
        }
        for job in jobs.job_history(session, ticket_id)
    ]
