"""schemathesis against a real ``bianmin serve``: the served OpenAPI and the server agree.

Every check schemathesis has (no server error, status codes and bodies as documented,
schema-valid requests accepted, invalid ones refused, 405 with ``Allow`` …) runs on
every operation, with bounded examples. Three runs, each a test module of its own so that
the suite's workers take them side by side: on SQLite signed out with every value drawn
freely (test_api_fuzz.py) and signed in as a manager at a window with the path values set
to the demo hall, a real ticket and that window (test_api_fuzz_signed_in.py); on
PostgreSQL signed in (test_api_fuzz_postgres.py; the signed-out run meets refusals that
never read the hall's data).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests

from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.support.server import RunningServer, start_server

PASSWORD = "fuzz-pass-1"
ROOT = Path(__file__).resolve().parents[2]
# per operation and generation phase; small, so that both databases take about a minute
MAX_EXAMPLES = "20"


def fuzz_server(instance: Path, **env: str) -> Iterator[RunningServer]:
    """A real server for one run (a fixture's body)."""
    server = start_server(instance, env={"BIANMIN_SECRET_KEY": "fuzz", "BIANMIN_PRINTER": "none",
                                         "BIANMIN_SIGNIN_REFUSAL_DELAY": "0", **env})
    yield server
    server.stop()


def schemathesis(server: RunningServer, workdir: Path, *, name: str, pinned: dict[str, object],
                 cookie: str | None = None, exclude: tuple[str, ...] = ()) -> subprocess.Popen:
    """Start the schemathesis CLI with every check (``finish`` waits for it to pass)."""
    workdir = workdir / name
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.support.fuzz_hooks",
           "FUZZ_PATH_VALUES": json.dumps(pinned), "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "schemathesis.cli", "run",
        f"{server.url}/api/v1/openapi.json", "--checks", "all", "--max-examples", MAX_EXAMPLES,
        "--workers", "1", "--no-color", "--generation-database", "none",
        "--suppress-health-check", "all", "--seed", "7", "--request-timeout", "20",
        # no stateful phase: the document declares no links between operations
        "--phases", "examples,coverage,fuzzing",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    for operation_id in exclude:
        command += ["--exclude-operation-id", operation_id]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            cwd=workdir, env=env)


def finish(run: subprocess.Popen, name: str) -> str:
    """The run's output; it must have passed."""
    output, _ = run.communicate(timeout=600)
    assert run.returncode == 0, f"schemathesis ({name}) found problems:\n{output[-12000:]}"
    return output


def prepare(server: RunningServer, db: Database) -> dict[str, object]:
    """Tickets waiting at one window of the demo hall, and a manager signed in there."""
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=30).json()
    scenario = next(s for s in catalog["scenarios"] if s["windows"])
    window = scenario["windows"][0]
    tickets = []
    for _ in range(6):
        answer = requests.post(f"{server.url}/api/v1/halls/demo/tickets", timeout=30, json={
            "scenario_id": scenario["id"], "request_id": uuid.uuid4().hex})
        assert answer.status_code == 201, answer.text
        tickets.append(answer.json()["id"])
    username = f"fuzz{uuid.uuid4().hex[:8]}"
    # a manager signed in at a window: the counter actions and the manager-only operations
    # (the hall's voice clips) are both reached
    add_staff(db, hall_code="demo", username=username, password=PASSWORD, windows=[window],
              hash_method="pbkdf2:sha256:1000", role="manager")
    staff = requests.Session()
    signed = staff.post(f"{server.url}/api/v1/session", timeout=30,
                        json={"username": username, "password": PASSWORD, "window": window})
    assert signed.status_code == 200, signed.text
    cookie = "; ".join(f"{c.name}={c.value}" for c in staff.cookies)
    return {"window": window, "ticket": tickets[0], "cookie": cookie}


def fuzz_signed_out(server: RunningServer, workdir: Path) -> None:
    """Every value drawn freely (valid and invalid), with no session."""
    finish(schemathesis(server, workdir, name="signed-out", pinned={}), "signed-out")
    log = server.log()
    assert "Traceback" not in log, log[-5000:]


def fuzz_signed_in(server: RunningServer, db: Database, workdir: Path) -> None:
    """Signed in as a manager at a window, the path values pinned to the demo hall, a real
    ticket and that window, so that real answers are checked too."""
    setup = prepare(server, db)
    pinned = {"hall": "demo", "ticket_id": setup["ticket"], "window": setup["window"]}
    # signing out would end the session mid-run; a device's own endpoint wants a device
    # token, not a staff session (the signed-out run covers its refusals); a voice clip's
    # body is "any bytes" to a schema but must be a real WAV recording, so drawn bodies
    # are refused with 400 bad_clip (its refusals: tests/integration/test_voice_api.py);
    # the miss log wants a manager (its answers: tests/integration/test_search_misses.py);
    # the county report wants a county manager (tests/integration/test_stats_county.py);
    # the catalog's writes would rewrite the shared demo catalog of the PostgreSQL run, and a
    # drawn file is refused as 400 catalog_errors (tests/integration/test_admin_catalog_*.py;
    # a new queue likewise: tests/integration/test_guide_desk.py)
    # a device's printer is any text to a schema but must be a printer URL that parses, so
    # drawn ones are refused with 400 (addHallDevice's refusals:
    # tests/integration/test_admin_devices_api.py); the hall's settings carry opening hours
    # whose coherence (ranges in order, no overlap) no schema can state, and a staff photo
    # is "any bytes" that must be a real JPEG/PNG: drawn ones are refused with 400
    # (tests/integration/test_hall_staff_api.py)
    run = schemathesis(server, workdir, name="signed-in", cookie=str(setup["cookie"]),
                       pinned=pinned, exclude=("signOut", "getThisDevice", "putVoiceClip",
                                               "listSearchMisses", "getCountyStats",
                                               "getCountyStatsCsv", "getCountyStatsXlsx",
                                               "importCatalog", "addScenario", "changeScenario",
                                               "addWindow", "changeWindow", "changeQueue",
                                               "addQueue",
                                               "addHallDevice", "updateHallSettings",
                                               "setHallStaffPhoto"))
    signed_in = finish(run, "signed-in")
    # the staff member's session really reached the counter actions
    assert "Authentication failed" not in signed_in, signed_in[-6000:]
    log = server.log()
    assert "Traceback" not in log, log[-5000:]
