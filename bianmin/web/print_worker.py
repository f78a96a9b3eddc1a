"""This server process as the owner of its print jobs: register, beat, sweep, retire.

``create_app`` registers the process and fails the jobs of processes that are gone (a
restart after ``kill -9`` or a power cut finds them at once). ``bianmin serve`` then runs
the heartbeat as a background task (a green thread under eventlet, a thread under
threading), which also sweeps again every beat, so that a process that dies while others
keep running (several processes on PostgreSQL) has its jobs failed within a few beats;
on a clean stop it retires. CLI commands never build an app, so they own no jobs.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from bianmin.db import Database
from bianmin.printer import workers
from bianmin.printer.workers import Process
from bianmin.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class PrintWorkerHandle:
    db: Database
    me: Process
    worker_id: str
    heartbeat_seconds: float
    stopped: threading.Event = field(default_factory=threading.Event)

    def sweep(self) -> int:
        return workers.fail_orphaned_jobs(self.db, self.me, self.heartbeat_seconds)


def open_print_worker(db: Database, settings: Settings) -> PrintWorkerHandle:
    """Register this process and fail jobs whose process is gone (at start, before serving)."""
    me = Process.current()
    handle = PrintWorkerHandle(db, me, workers.register(db, me),
                               max(0.2, settings.print_heartbeat_seconds))
    handle.sweep()
    return handle


def start_heartbeat(app: Flask) -> None:
    """Beat and sweep every ``print_heartbeat_seconds`` until ``stop_print_worker``."""
    handle: PrintWorkerHandle | None = app.extensions["bianmin"].parts.get("print_worker")
    if handle is None:
        return
    socketio = app.extensions["socketio"]

    def loop() -> None:
        while not handle.stopped.is_set():
            socketio.sleep(handle.heartbeat_seconds)
            if handle.stopped.is_set():
                return
            try:
                workers.beat(handle.db, handle.worker_id, handle.me)
                handle.sweep()
            except SQLAlchemyError as error:
                # the database is busy or away: try again at the next beat
                log.warning("print worker heartbeat failed: %s", error)
            except Exception:  # noqa: BLE001 - the heartbeat must outlive one bad beat
                log.exception("print worker heartbeat failed")

    socketio.start_background_task(loop)


def stop_print_worker(app: Flask) -> None:
    """Clean stop: this process's pending jobs are failed now and its row removed."""
    handle: PrintWorkerHandle | None = app.extensions["bianmin"].parts.get("print_worker")
    if handle is None or handle.stopped.is_set():
        return
    handle.stopped.set()
    try:
        workers.retire(handle.db, handle.worker_id)
    except SQLAlchemyError as error:
        log.warning("could not retire print worker %s: %s", handle.worker_id, error)
