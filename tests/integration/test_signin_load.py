"""Kiosks stay fast while sixteen clients sign in wrongly, under eventlet and under threading.

A real `bianmin serve` on the demo hall (open kiosks) and the default limits. Phase one:
kiosks alone, the yardstick. Phase two: sixteen threads guess the password of ``zhang``
from one address: nine 401s, the lockout, then 429s with Retry-After. Phase three:
sixteen threads from sixteen addresses with a fresh username each try, so every attempt
costs a password check. Kiosk p99 must stay under 100 ms in both storms (on this shared
two-core machine the kiosks-alone figure is printed beside it, to tell noise from a fault).

The server's instance lives in memory (/dev/shm) where there is one: with
``synchronous=FULL`` every ticket waits for an fsync, and this machine's virtual disk now
and then takes 100–400 ms for one (measured with no sign-in at all), which says nothing
about sign-in. The cost of FULL on a real disk is measured by bench/tickets.py.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bianmin.audit.models import AuditEvent
from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.support.server import RunningServer, start_server
from tests.support.storm import PhaseResult, storm

pytestmark = [pytest.mark.server, pytest.mark.serial]

# 20 kiosk tickets a second: 160 per phase, so that p99 is not one stray sample
SECONDS = 8
P99_LIMIT_MS = 100


@pytest.fixture(params=["eventlet", "threading"])
def hall(request, tmp_path: Path, demo_template: Path) -> Iterator[tuple[RunningServer, Database]]:  # type: ignore[no-untyped-def]
    memory = Path("/dev/shm")
    instance = Path(tempfile.mkdtemp(prefix="bianmin-load-", dir=memory if memory.is_dir() else tmp_path))
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    add_staff(db, hall_code="demo", username="zhang", password="chuangkou-1", windows=[1])
    server = start_server(instance, async_mode=request.param,
                          env={"BIANMIN_SECRET_KEY": "load", "BIANMIN_PRINTER": "none"})
    yield server, db
    server.stop()
    db.dispose()
    shutil.rmtree(instance, ignore_errors=True)


def test_kiosks_stay_fast_during_a_sign_in_storm(hall) -> None:  # type: ignore[no-untyped-def]
    server, db = hall
    alone, one_address, many = storm(server.url, hall="demo", username="zhang", seconds=SECONDS,
                                     pid=server.process.pid)
    report = "\n".join(phase.line() for phase in (alone, one_address, many))
    print(report)
    for phase in (alone, one_address, many):
        assert phase.kiosk_failures == 0 and len(phase.kiosk) == 20 * SECONDS, report
    for phase in (one_address, many):
        assert_fast(phase, alone, report)

    # one address, one username: the lockout, then the limits answer, each with Retry-After
    assert one_address.signins[401] == 9 and one_address.codes["account_locked"] >= 1, report
    assert one_address.codes["rate_limited"] >= 10 and one_address.retry_after_missing == 0, report
    # many addresses, fresh usernames: the password checks ran, one at a time, off the loop
    assert many.signins[401] >= 5, report

    with db.read() as session:
        failed = session.scalars(select(AuditEvent).where(AuditEvent.kind == "signin.failed")).all()
    by_reason = {reason: sum(1 for e in failed if e.detail["reason"] == reason)
                 for reason in {e.detail["reason"] for e in failed}}
    assert by_reason["wrong_password"] == 10 and by_reason["unknown_user"] == many.signins[401], by_reason
    # hundreds of refusals, a handful of audit rows (one per reason and key a minute)
    assert by_reason.get("rate_limited", 0) + by_reason.get("locked", 0) <= 4, by_reason


def assert_fast(phase: PhaseResult, alone: PhaseResult, report: str) -> None:
    assert phase.p(99) < P99_LIMIT_MS, (
        f"{phase.name}: kiosk p99 {phase.p(99):.0f} ms (kiosks alone: p99 {alone.p(99):.0f} ms)\n{report}"
    )
