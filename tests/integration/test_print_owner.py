"""A pending print job whose server process is gone is failed at once, whatever its age.

On a real SQLite file and on the real PostgreSQL server: jobs of this (live) process and
of a live process elsewhere stay pending; jobs of a dead pid, of a reused pid, of a silent
host, and of a worker row that no longer exists are failed with the reason staff see.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from datetime import date, timedelta

from sqlalchemy import select

from bianmin.catalog.models import Hall, Scenario, WindowGroup, utcnow
from bianmin.db import Database
from bianmin.printer import workers
from bianmin.printer.jobs import create_job
from bianmin.printer.models import PrintJob, PrintStatus, PrintWorker
from bianmin.printer.workers import INTERRUPTED, Process
from bianmin.queue.models import Ticket

BEAT = 1.0


def make_ticket(db: Database) -> int:
    code = uuid.uuid4().hex[:8]
    with db.write() as session:
        hall = Hall(code=f"h{code}", name="测试便民服务中心")
        session.add(hall)
        session.flush()
        queue = WindowGroup(hall_id=hall.id, name="1号窗口", prefix="A")
        session.add(queue)
        session.flush()
        scenario = Scenario(hall_id=hall.id, window_group_id=queue.id, name="高龄津贴")
        session.add(scenario)
        session.flush()
        ticket = Ticket(hall_id=hall.id, queue_id=queue.id, scenario_id=scenario.id,
                        business_day=date(2026, 12, 2), number=1, code="A001")
        session.add(ticket)
        session.flush()
        return ticket.id


def add_worker(db: Database, host: str, pid: int, started_at, heartbeat_at=None) -> str:  # type: ignore[no-untyped-def]
    worker_id = f"{host}:{pid}:{uuid.uuid4().hex[:8]}"
    with db.write() as session:
        session.add(PrintWorker(id=worker_id, host=host, pid=pid, started_at=started_at,
                                heartbeat_at=heartbeat_at or utcnow()))
    return worker_id


def pending_job(db: Database, ticket_id: int, owner: str | None, age: float = 0.0) -> int:
    with db.write() as session:
        job = create_job(session, ticket_id, "tcp://127.0.0.1:9100", owner=owner)
        job.created_at = utcnow() - timedelta(seconds=age)
        session.flush()
        return job.id


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def states(db: Database, *job_ids: int) -> list[tuple[str, str]]:
    with db.read() as session:
        jobs = {j.id: j for j in session.scalars(select(PrintJob).where(PrintJob.id.in_(job_ids)))}
    return [(PrintStatus(jobs[i].status).value, jobs[i].error) for i in job_ids]


def test_jobs_of_gone_processes_fail_at_once_and_live_ones_stay(any_db: Database) -> None:
    db = any_db
    ticket = make_ticket(db)
    me = Process.current()
    mine = workers.register(db, me)
    now = utcnow()
    elsewhere = add_worker(db, "other-box", 4242, now)
    silent = add_worker(db, "silent-box", 4242, now, heartbeat_at=now - timedelta(seconds=4 * BEAT))
    dead = add_worker(db, me.host, dead_pid(), now)
    reused = add_worker(db, me.host, os.getpid(), me.started_at - timedelta(hours=1))
    alive = [
        pending_job(db, ticket, mine),
        pending_job(db, ticket, elsewhere),
        pending_job(db, ticket, None, age=10),  # no owner, young: maybe another old process
    ]
    gone = [
        pending_job(db, ticket, dead),
        pending_job(db, ticket, reused),
        pending_job(db, ticket, silent),
        pending_job(db, ticket, "vanished-box:1:deadbeef"),  # its worker row is gone
        pending_job(db, ticket, None, age=120),  # no owner, older than a minute
    ]
    assert workers.fail_orphaned_jobs(db, me, BEAT) == len(gone)
    assert states(db, *alive) == [("pending", "")] * len(alive)
    assert states(db, *gone) == [("error", INTERRUPTED)] * len(gone)
    with db.read() as session:
        rows = set(session.scalars(select(PrintWorker.id)))
    assert {mine, elsewhere} <= rows
    assert not rows & {dead, reused, silent}
    # again: nothing more to do
    assert workers.fail_orphaned_jobs(db, me, BEAT) == 0


def test_a_clean_stop_fails_its_own_pending_jobs_and_leaves_the_others(any_db: Database) -> None:
    db = any_db
    ticket = make_ticket(db)
    me = Process.current()
    mine = workers.register(db, me)
    other = workers.register(db, me)  # a second app in this same process
    own, theirs = pending_job(db, ticket, mine), pending_job(db, ticket, other)
    assert workers.retire(db, mine) == 1
    assert states(db, own, theirs) == [("error", INTERRUPTED), ("pending", "")]
    with db.read() as session:
        assert session.get(PrintWorker, mine) is None
        assert session.get(PrintWorker, other) is not None


def test_a_heartbeat_brings_back_a_worker_judged_gone(any_db: Database) -> None:
    db = any_db
    me = Process.current()
    mine = workers.register(db, me)
    with db.write() as session:
        session.delete(session.get(PrintWorker, mine))
    workers.beat(db, mine, me)
    with db.read() as session:
        assert session.get(PrintWorker, mine) is not None


def test_process_start_tells_a_live_pid_from_a_dead_one() -> None:
    me = Process.current()
    assert workers.process_start(os.getpid()) == me.started_at
    assert workers.process_start(dead_pid()) is None
