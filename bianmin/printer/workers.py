"""Who runs a print job: a server process (PrintWorker row), alive while it can be seen.

A pending job belongs to the process that created it. When that process is gone, nobody
will ever finish the job, so it is failed at once (whatever its age) with a reason staff
see, and they reprint. A worker is gone when its row is missing, when it ran on this host
and its pid is dead or was reused by another process (process start time differs), or,
on another host, when it has not beaten for ``BEATS`` heartbeats. Jobs without an owner
(written before owners existed) keep the old rule: pending for a minute means gone.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, or_, select, update

from bianmin.catalog.models import utcnow
from bianmin.db import Database
from bianmin.printer.models import PrintJob, PrintStatus, PrintWorker
from bianmin.queue.clock import as_aware

log = logging.getLogger(__name__)

INTERRUPTED = "打印中断（服务器重启或停止），请补打。"
# a worker on another host silent for this many heartbeats is gone
BEATS = 3
# jobs without an owner: pending this long means their process is gone
UNOWNED_SECONDS = 60.0
# /proc start times are computed the same way each time; allow for boot-time rounding
START_TOLERANCE = timedelta(seconds=2)


@dataclass(frozen=True)
class Process:
    """This (or another) server process: host name, pid and when the process started."""

    host: str
    pid: int
    started_at: datetime

    @classmethod
    def current(cls) -> Process:
        pid = os.getpid()
        return cls(socket.gethostname()[:40], pid, process_start(pid) or utcnow())


def process_start(pid: int) -> datetime | None:
    """When process ``pid`` started (UTC), or None when no such process is running."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(
            int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, StopIteration, ValueError):
        return _start_without_proc(pid)
    # field 22 (starttime, clock ticks after boot) counts from after the ")" of the name
    fields = stat.rsplit(")", 1)[1].split()
    if fields[0] == "Z":
        return None  # a zombie has stopped running
    ticks = int(fields[19])
    return datetime.fromtimestamp(boot + ticks / os.sysconf("SC_CLK_TCK"), UTC)


def _start_without_proc(pid: int) -> datetime | None:
    """No /proc: the pid is alive or not; its start time is unknown (epoch stands for it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return datetime.fromtimestamp(0, UTC)


def register(db: Database, me: Process) -> str:
    """A worker row for this process; its id goes into every job the process creates."""
    worker_id = f"{me.host}:{me.pid}:{secrets.token_hex(4)}"
    with db.write() as session:
        session.add(PrintWorker(id=worker_id, host=me.host, pid=me.pid,
                                started_at=me.started_at, heartbeat_at=utcnow()))
    return worker_id


def beat(db: Database, worker_id: str, me: Process) -> None:
    """Say this process is alive; a row judged gone meanwhile is written again."""
    with db.write() as session:
        worker = session.get(PrintWorker, worker_id)
        if worker is None:
            log.warning("print worker %s had been judged gone; registering it again", worker_id)
            session.add(PrintWorker(id=worker_id, host=me.host, pid=me.pid,
                                    started_at=me.started_at, heartbeat_at=utcnow()))
        else:
            worker.heartbeat_at = utcnow()


def retire(db: Database, worker_id: str) -> int:
    """On a clean stop: fail this process's pending jobs (nobody will finish them), drop the row."""
    with db.write() as session:
        failed = _fail(session, PrintJob.owner == worker_id)
        session.execute(delete(PrintWorker).where(PrintWorker.id == worker_id))
    if failed:
        log.warning("stopping: %d print jobs of this process marked interrupted", failed)
    return failed


def fail_orphaned_jobs(
    db: Database,
    me: Process,
    heartbeat_seconds: float,
    *,
    started: Callable[[int], datetime | None] = process_start,
) -> int:
    """Fail every pending job whose process is gone; drop gone workers. How many failed."""
    now = utcnow()
    with db.read() as session:
        workers = session.scalars(select(PrintWorker)).all()
        unowned_cutoff = now - timedelta(seconds=UNOWNED_SECONDS)
        waiting = session.scalar(
            select(PrintJob.id).where(
                PrintJob.status == PrintStatus.PENDING,
                or_(PrintJob.owner.is_not(None), PrintJob.created_at < unowned_cutoff),
            ).limit(1)
        )
    gone = [w.id for w in workers if _is_gone(w, me, heartbeat_seconds, now, started)]
    if waiting is None and not gone:
        return 0
    known = [w.id for w in workers if w.id not in gone]
    # workers registered since the read above count as alive: the list is taken at write time
    alive = select(PrintWorker.id).where(PrintWorker.id.not_in(gone))
    with db.write() as session:
        failed = _fail(session, or_(
            PrintJob.owner.is_not(None) & PrintJob.owner.not_in(alive),
            PrintJob.owner.is_(None) & (PrintJob.created_at < unowned_cutoff),
        ))
        if gone:
            session.execute(delete(PrintWorker).where(PrintWorker.id.in_(gone)))
    if failed:
        log.warning("marked %d interrupted print jobs as failed (their server process is gone; "
                    "%d workers gone, %d alive)", failed, len(gone), len(known))
    return failed


def _is_gone(worker: PrintWorker, me: Process, heartbeat_seconds: float, now: datetime,
             started: Callable[[int], datetime | None]) -> bool:
    if worker.host == me.host:
        start = started(worker.pid)
        return start is None or not _same_start(worker, start)
    silent = now - as_aware(worker.heartbeat_at)
    return silent > timedelta(seconds=BEATS * heartbeat_seconds)


def _same_start(worker: PrintWorker, start: datetime) -> bool:
    return abs(as_aware(worker.started_at) - start) <= START_TOLERANCE


def _fail(session, condition) -> int:  # type: ignore[no-untyped-def]
    result = session.execute(
        update(PrintJob)
        .where(PrintJob.status == PrintStatus.PENDING, condition)
        .values(status=PrintStatus.ERROR, error=INTERRUPTED, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
