"""The hall's devices as managers see them (/manage/devices): state, contact, printer, paper.

Everything here is what the server itself knows, nothing is asked of the devices:

- contact: ``last_seen_at`` / ``last_address``, written when a device's token is used
  (an API request, at most once a minute) and, while a screen stays connected over
  Socket.IO, every third of ``device_online_seconds`` by the process it is connected to;
- the printer: the kiosk's own printer URL, else the installation's default printer;
- paper and the last error: the kiosk's latest print jobs (tickets, reprints and test
  prints record ``print_job.device_id``). Paper is what the last job that learned it
  says: ``paper_out`` → out, printed with the near-end warning → low, printed → ok;
  offline / timeout / error say nothing about paper and are skipped; no such job: unknown.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bianmin.devices.models import Device, DeviceKind
from bianmin.printer.models import FAILED_SQL, PrintJob, PrintStatus
from bianmin.queue.clock import as_aware

KIND_LABELS = {"kiosk": "取号机", "lobby": "大厅屏", "window": "窗口屏", "rating": "评价器"}
STATUS_LABELS = {"online": "在线", "offline": "离线", "revoked": "已吊销", "waiting": "待登记"}
PAPER_LABELS = {"ok": "正常", "low": "纸少", "out": "缺纸", "unknown": "未知", "none": "—"}
JOB_LABELS = {
    PrintStatus.PENDING: "打印中", PrintStatus.PRINTED: "已打印", PrintStatus.OFFLINE: "打印机离线",
    PrintStatus.TIMEOUT: "打印超时", PrintStatus.PAPER_OUT: "缺纸", PrintStatus.ERROR: "打印出错",
}
FAILED = (PrintStatus.OFFLINE, PrintStatus.TIMEOUT, PrintStatus.PAPER_OUT, PrintStatus.ERROR)
NEAR_END = "纸卷快用完"
# the outcomes that tell something about the paper (offline, timeout, error do not)
PAPER_NEWS = (PrintStatus.PRINTED, PrintStatus.PAPER_OUT)
NO_PRINTER = "none"


def reason_of(error: str) -> str:
    """The Chinese reason of a job's ``error`` (its first line; the English detail follows)."""
    return (error or "").split("\n", 1)[0]


def paper_of(job: PrintJob | None) -> str:
    if job is None:
        return "unknown"
    status = PrintStatus(job.status)
    if status is PrintStatus.PAPER_OUT:
        return "out"
    if status is PrintStatus.PRINTED:
        return "low" if NEAR_END in (job.error or "") else "ok"
    return "unknown"


def _newest(statuses: tuple[PrintStatus, ...] = ()):  # type: ignore[no-untyped-def]
    """The id of the device's newest job (with these statuses): a correlated subquery read
    backwards on ``ix_print_job_device_id_id`` (failed ones: on the partial index
    ``ix_print_job_device_failed``, whose condition is written the same way so that both
    databases use it), a few rows whatever the history's length."""
    query = select(PrintJob.id).where(PrintJob.device_id == Device.id)
    if statuses == FAILED:
        query = query.where(text(FAILED_SQL))
    elif statuses:
        query = query.where(PrintJob.status.in_(statuses))
    return (query.order_by(PrintJob.device_id.desc(), PrintJob.id.desc()).limit(1)
            .correlate(Device).scalar_subquery())


def _latest_jobs(session: Session, hall_id: int) -> dict[str, dict[int, PrintJob]]:
    """Each kiosk's newest job, newest finished job and newest failed job: one statement
    (three correlated subqueries per kiosk), then the jobs by id."""
    rows = session.execute(
        select(Device.id, _newest().label("last"),
               _newest(PAPER_NEWS).label("finished"),
               _newest(FAILED).label("failed"))
        .where(Device.hall_id == hall_id, Device.kind == DeviceKind.KIOSK)
    ).all()
    ids = {job_id for row in rows for job_id in row[1:] if job_id is not None}
    jobs = {job.id: job for job in session.scalars(
        select(PrintJob).where(PrintJob.id.in_(ids)))} if ids else {}
    found: dict[str, dict[int, PrintJob]] = {"last": {}, "finished": {}, "failed": {}}
    for row in rows:
        for name, job_id in zip(("last", "finished", "failed"), row[1:], strict=True):
            if job_id is not None:
                found[name][row[0]] = jobs[job_id]
    return found


def _job(job: PrintJob | None) -> dict | None:
    if job is None:
        return None
    status = PrintStatus(job.status)
    return {
        "id": job.id, "status": status.value, "status_label": JOB_LABELS[status],
        "purpose": job.purpose, "ticket_id": job.ticket_id, "reason": reason_of(job.error),
        "at": as_aware(job.finished_at or job.created_at).isoformat(),
    }


def hall_devices(
    session: Session, hall_id: int, *, now: datetime, online_seconds: int, default_printer: str,
) -> list[dict]:
    """Every device of the hall, by kind and name, with what the server knows of it."""
    devices = list(session.scalars(select(Device).where(Device.hall_id == hall_id)))
    order = list(KIND_LABELS)
    devices.sort(key=lambda d: (order.index(d.kind) if d.kind in order else 9, d.name))
    latest = _latest_jobs(session, hall_id)
    last, finished, failed = latest["last"], latest["finished"], latest["failed"]
    rows = []
    for d in devices:
        seen = as_aware(d.last_seen_at) if d.last_seen_at else None
        ago = max(0, int((now - seen).total_seconds())) if seen else None
        if d.revoked_at is not None:
            status = "revoked"
        elif d.enrolled_at is None:
            status = "waiting"
        else:
            status = "online" if ago is not None and ago <= online_seconds else "offline"
        kiosk = d.kind == DeviceKind.KIOSK
        printer = (d.printer or default_printer) if kiosk else ""
        has_printer = kiosk and printer != NO_PRINTER
        paper = paper_of(finished.get(d.id)) if has_printer else "none"
        rows.append({
            "id": d.id, "name": d.name, "kind": d.kind, "kind_label": KIND_LABELS.get(d.kind, d.kind),
            "window": d.window_number,
            "status": status, "status_label": STATUS_LABELS[status],
            "enrolled_at": as_aware(d.enrolled_at).isoformat() if d.enrolled_at else None,
            "revoked_at": as_aware(d.revoked_at).isoformat() if d.revoked_at else None,
            "code_expires_at": (as_aware(d.enrol_expires_at).isoformat()
                                if d.enrol_code_hash and d.enrol_expires_at else None),
            "last_seen_at": seen.isoformat() if seen else None, "last_seen_seconds": ago,
            "last_address": d.last_address or "",
            "printer": printer if has_printer else "",
            "printer_is_default": kiosk and not d.printer,
            "paper": paper, "paper_label": PAPER_LABELS[paper],
            "last_job": _job(last.get(d.id)) if has_printer else None,
            "last_error": _job(failed.get(d.id)) if has_printer else None,
        })
    return rows
