"""Kiosk latency while the hall is under a sign-in storm, under eventlet and threading.

    python bench/signin.py                      # both modes, 10 s per phase, 16 attackers
    python bench/signin.py --modes eventlet --seconds 5

For each async mode it starts a server on a fresh copy of the demo hall (open kiosks, no
printer), adds the account ``zhang``, and runs three phases of --seconds each, kiosks
taking 20 tickets/s throughout (open loop: latency from the scheduled send time):

1. kiosks alone;
2. --attackers threads signing in wrongly as ``zhang`` from one address, back to back;
3. the same from --attackers loopback addresses (127.0.0.10…), a fresh username per try,
   so the per-username limit never bites and every attempt that passes the per-address
   limit costs a password check.

It prints kiosk p50/p99/max, the sign-in answers by status and code, the server's CPU
and the load average of the machine (the bench shares it with whatever else runs).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.server import start_server  # noqa: E402
from tests.support.storm import storm  # noqa: E402

PASSWORD = "chuangkou-1"


def run_mode(mode: str, seconds: float, attackers: int) -> None:
    from bianmin.db import Database
    from bianmin.staff.service import add_staff

    workdir = Path(tempfile.mkdtemp(prefix="bianmin-signin-"))
    env = {"BIANMIN_PRINTER": "none", "BIANMIN_SECRET_KEY": "bench"}
    server = start_server(workdir, async_mode=mode, env=env, timeout=120)
    try:
        db = Database(f"sqlite:///{workdir / 'bianmin.sqlite3'}")
        add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, windows=[1])
        db.dispose()
        print(f"== {mode} (server pid {server.process.pid}); load average before: {_load()}")
        for phase in storm(server.url, hall="demo", username="zhang", seconds=seconds,
                           attackers=attackers, pid=server.process.pid):
            print("  " + phase.line())
        print(f"   load average after: {_load()}")
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modes", default="eventlet,threading")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--attackers", type=int, default=16)
    args = parser.parse_args()
    for mode in args.modes.split(","):
        run_mode(mode.strip(), args.seconds, args.attackers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
