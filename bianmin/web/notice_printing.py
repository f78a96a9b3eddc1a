"""Print a written notice after the finish commits, on the window's printer.

Which printer: the window's own (a ``window`` device of that window registered with
``--printer``, docs/notices.md), else the installation's default printer (the ``printer``
setting, which unregistered kiosks use too). ``none`` prints nothing: the counter shows
the preview, and staff print it elsewhere. As for tickets, the job is recorded first and
run in the background; a printer that is offline or out of paper leaves the job failed
with its reason, and staff reprint once it is fixed.
"""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy.orm import Session

from bianmin.devices.overview import reason_of
from bianmin.devices.service import window_printer
from bianmin.notices.service import NoticeData
from bianmin.printer import notice_jobs
from bianmin.printer.models import PrintJob, PrintStatus
from bianmin.printer.outcome import PrintOutcome
from bianmin.queue.clock import as_aware
from bianmin.web.printing import NO_PRINTER, device_for, offload_for, print_worker_id
from bianmin.web.runtime import runtime
from bianmin.web.status import status_url
from bianmin.web.tokens import ticket_token

log = logging.getLogger(__name__)

# what the counter tells the member of staff about the notice's paper
MESSAGES = {
    PrintStatus.PENDING: "正在打印通知书…",
    PrintStatus.PRINTED: "通知书已打印，请交给办事群众",
}
FAILED = "通知书打印失败，请检查窗口打印机后点“补打通知书”"
NOT_ATTACHED = "本窗口没有连接打印机：请按预览另行打印"


def printer_of(hall_id: int, window: int) -> tuple[str, int | None]:
    """The window's printer URL and its device id (None: the default printer)."""
    rt = runtime()
    with rt.db.read() as session:
        own = window_printer(session, hall_id, window)
    if own is not None:
        return own[0], own[1]
    return device_for(rt.settings, ""), None


def start(notice: NoticeData, hall_id: int) -> dict:
    """Record a job for the new notice and run it in the background; its status now."""
    rt = runtime()
    url, device_id = printer_of(hall_id, notice.window_number)
    if url == NO_PRINTER:
        return _status(None)
    with rt.db.write() as session:
        job = notice_jobs.create_notice_job(session, notice.id, url, owner=print_worker_id(),
                                            device_id=device_id)
        job_id = job.id
    current_app.extensions["socketio"].start_background_task(
        _run, rt.db, job_id, notice, url, rt.settings.printer_timeout, rt.settings.font_path,
        offload_for(rt.settings), notice_url(notice.ticket_id),
    )
    with rt.db.read() as session:
        return _status(session.get(PrintJob, job_id))


def reprint(notice: NoticeData, hall_id: int, requested_by: int | None,
            window_number: int | None) -> PrintOutcome | None:
    """Staff print the notice again now, on the window's printer. None: no printer."""
    rt = runtime()
    url, device_id = printer_of(hall_id, notice.window_number)
    if url == NO_PRINTER:
        return None
    return notice_jobs.reprint_notice(
        rt.db, notice, url, requested_by, status_url=notice_url(notice.ticket_id),
        timeout=rt.settings.printer_timeout, font_path=rt.settings.font_path,
        offload=offload_for(rt.settings), owner=print_worker_id(),
        window_number=window_number, device_id=device_id,
    )


def notice_url(ticket_id: int) -> str:
    """The QR on the notice: the ticket's status page, which shows the notice."""
    return status_url(ticket_token(current_app.config["SECRET_KEY"], ticket_id))


def status_of(session: Session, notice_id: int) -> dict:
    jobs = notice_jobs.notice_jobs(session, notice_id)
    return _status(jobs[-1] if jobs else None)


def history_of(session: Session, notice_id: int) -> list[dict]:
    return [
        {
            "job_id": job.id, "attempt": job.attempt, "status": PrintStatus(job.status).value,
            "error": job.error, "device": job.device, "requested_by": job.requested_by,
            "created_at": as_aware(job.created_at).isoformat(),
            "finished_at": as_aware(job.finished_at).isoformat() if job.finished_at else None,
        }
        for job in notice_jobs.notice_jobs(session, notice_id)
    ]


def _run(db, job_id: int, notice: NoticeData, url: str, timeout: float, font_path: str,  # type: ignore[no-untyped-def]
         offload, status: str) -> None:
    try:
        notice_jobs.execute_notice_job(db, job_id, notice, url, timeout, status_url=status,
                                       font_path=font_path, offload=offload)
    except Exception:  # noqa: BLE001 - a background task must log, not die silently
        log.exception("notice print job %s failed unexpectedly", job_id)


def _status(job: PrintJob | None) -> dict:
    if job is None:
        return {"job_id": None, "status": NO_PRINTER, "message": NOT_ATTACHED, "attempt": 0,
                "error": ""}
    status = PrintStatus(job.status)
    # the Chinese reason only (its first line; the English detail stays in the history)
    return {"job_id": job.id, "status": status.value, "message": MESSAGES.get(status, FAILED),
            "error": reason_of(job.error), "attempt": job.attempt}


def preview(notice: NoticeData, image_format: str = "PNG") -> bytes:
    """The notice as the printer draws it on 80 mm paper (raster image), as PNG or PDF."""
    import io

    from bianmin.errors import Unavailable
    from bianmin.printer.fonts import FontNotFound, find_font
    from bianmin.printer.notice_layout import build_notice_receipt
    from bianmin.printer.raster import render_image
    from bianmin.printer.receipt import PAPER_80

    receipt = build_notice_receipt(notice, PAPER_80, notice_url(notice.ticket_id))
    try:
        fonts = find_font(runtime().settings.font_path)
    except FontNotFound as exc:  # a preview is a raster image: it needs the CJK font
        raise Unavailable(exc.message, code="no_font") from None
    image = render_image(receipt, fonts)
    buffer = io.BytesIO()
    if image_format == "PDF":
        image.convert("L").save(buffer, format="PDF", resolution=203.0)
    else:
        image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
