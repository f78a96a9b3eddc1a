"""Kiosk latency while the hall is under a sign-in storm, under eventlet and threading.

    python bench/signin.py                      # both modes, 10 s per phase, 16 attackers
    python bench/signin.py --modes eventlet --seconds 5
    git archive OLD | tar -x -C /tmp/old && python bench/signin.py --server-code /tmp/old   # before

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
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.server import start_server  # noqa: E402
from tests.support.storm import storm  # noqa: E402

PASSWORD = "chuangkou-1"


def run_mode(mode: str, seconds: float, attackers: int, server_code: str) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bianmin-signin-"))
    env = {"BIANMIN_PRINTER": "none", "BIANMIN_SECRET_KEY": "bench"}
    if server_code:
        # `python -m` puts the working directory first on sys.path, before the installed tree
        os.chdir(server_code)
    # the account through the command line of the code under test (its own schema)
    subprocess.run([sys.executable, "-m", "bianmin", "staff", "add", "zhang", "--password", PASSWORD,
                    "--windows", "1", "--instance", str(workdir)],
                   env={**os.environ, **env}, check=True, capture_output=True)
    server = start_server(workdir, async_mode=mode, env=env, timeout=120)
    try:
        print(f"== {mode} (server pid {server.process.pid}{', code ' + server_code if server_code else ''});"
              f" load average before: {_load()}")
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
    parser.add_argument("--server-code", default="",
                        help="run the server from this source tree (e.g. an older commit, for a before figure)")
    args = parser.parse_args()
    for mode in args.modes.split(","):
        run_mode(mode.strip(), args.seconds, args.attackers, args.server_code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
