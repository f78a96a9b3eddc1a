"""Ticket issuing over HTTP: throughput with N concurrent kiosks, latency at an offered rate.

    python bench/tickets.py                       # starts its own server on a copy of the demo hall
    python bench/tickets.py --async-mode threading --printer none
    python bench/tickets.py --url http://127.0.0.1:5000 --hall demo   # a server already running
    python bench/tickets.py --synchronous NORMAL --kiosks 1   # SQLite's synchronous level

Phase 1 (closed loop): --kiosks threads each take tickets back to back for --seconds;
prints throughput and latency percentiles. Phase 2 (open loop): tickets are offered at
--rate per second on a fixed schedule, whatever the server does; prints latency
percentiles (measured from the scheduled send time, so queueing delay counts). Then checks
that every queue's numbers are consecutive from 001 with none repeated.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.server import start_server  # noqa: E402


class Kiosk:
    """One keep-alive HTTP connection, as a kiosk would hold."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def take(self, hall: str, scenario_id: int) -> tuple[int, dict]:
        body = json.dumps({"scenario_id": scenario_id, "request_id": uuid.uuid4().hex,
                           "kiosk": "bench"})
        for attempt in range(2):
            try:
                self.conn.request("POST", f"/api/v1/halls/{hall}/tickets", body,
                                  {"Content-Type": "application/json"})
                response = self.conn.getresponse()
                return response.status, json.loads(response.read())
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def get(self, path: str) -> dict:
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        return json.loads(response.read())


class Tally:
    """Latencies of answered requests and a count of refused ones, from many threads."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.failures = 0
        self._lock = threading.Lock()

    def record(self, status: int, seconds: float) -> None:
        with self._lock:
            if status == 201:
                self.latencies.append(seconds)
            else:
                self.failures += 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def report(name: str, latencies: list[float], elapsed: float, failures: int) -> None:
    ms = [v * 1000 for v in latencies]
    print(
        f"{name}: {len(ms)} tickets in {elapsed:.1f} s = {len(ms) / elapsed:.0f} tickets/s; "
        f"latency ms mean {statistics.fmean(ms):.1f}  p50 {statistics.median(ms):.1f}  p90 {percentile(ms, 90):.1f}  "
        f"p99 {percentile(ms, 99):.1f}  max {max(ms):.1f}; failures {failures}"
    )


def closed_loop(url: str, hall: str, scenarios: list[int], kiosks: int, seconds: float):  # type: ignore[no-untyped-def]
    tally = Tally()
    stop_at = time.perf_counter() + seconds

    def run(worker: int) -> None:
        kiosk = Kiosk(url)
        i = worker
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            status, _ = kiosk.take(hall, scenarios[i % len(scenarios)])
            tally.record(status, time.perf_counter() - start)
            i += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(kiosks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally.latencies, time.perf_counter() - started, tally.failures


def open_loop(url: str, hall: str, scenarios: list[int], rate: float, seconds: float, senders: int):  # type: ignore[no-untyped-def]
    total = int(rate * seconds)
    tally = Tally()
    lock = threading.Lock()
    begin = time.perf_counter() + 0.2
    next_index = [0]

    def run() -> None:
        kiosk = Kiosk(url)
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= total:
                return
            scheduled = begin + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            status, _ = kiosk.take(hall, scenarios[i % len(scenarios)])
            tally.record(status, time.perf_counter() - scheduled)

    threads = [threading.Thread(target=run) for _ in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally.latencies, time.perf_counter() - begin, tally.failures


def check_numbers(db_url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT queue_id, number FROM ticket WHERE kiosk = 'bench'")).all()
    engine.dispose()
    by_queue: dict[int, list[int]] = {}
    for queue_id, number in rows:
        by_queue.setdefault(queue_id, []).append(number)
    bad = [q for q, numbers in by_queue.items() if sorted(numbers) != list(range(1, len(numbers) + 1))]
    return f"{len(rows)} tickets in {len(by_queue)} queues; " + (
        "numbers consecutive from 001, none repeated" if not bad else f"GAPS OR REPEATS in queues {bad}"
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def fsync_cost(folder: Path, rounds: int = 200) -> str:
    """What synchronous=FULL adds to a commit in WAL mode: one fsync of the appended WAL."""
    path = folder / "fsync-probe"
    times = []
    with path.open("ab") as probe:
        for _ in range(rounds):
            probe.write(b"x" * 4096)
            probe.flush()
            start = time.perf_counter()
            os.fsync(probe.fileno())
            times.append((time.perf_counter() - start) * 1000)
    path.unlink()
    return (f"fsync of a 4 KB append in {folder}: median {statistics.median(times):.2f} ms, "
            f"p90 {percentile(times, 90):.2f} ms, p99 {percentile(times, 99):.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server; default: start one")
    parser.add_argument("--hall", default="demo")
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "threading"])
    parser.add_argument("--printer", default="none",
                        help="printer URL for a server the bench starts (default none: no printer)")
    parser.add_argument("--database-url", default="", help="for a server the bench starts")
    parser.add_argument("--synchronous", choices=["FULL", "NORMAL"], default="FULL",
                        help="SQLite's synchronous level of a server the bench starts")
    parser.add_argument("--workdir", default="",
                        help="folder for the server's instance (its SQLite file); default: a "
                             "temporary folder. Put it on the disk a hall's box would use")
    parser.add_argument("--kiosks", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--senders", type=int, default=16)
    args = parser.parse_args()

    server = None
    workdir = None
    db_url = ""
    if args.url:
        url = args.url.rstrip("/")
    else:
        workdir = Path(tempfile.mkdtemp(prefix="bianmin-bench-", dir=args.workdir or None))
        # open kiosks: the bench is one client issuing far past a kiosk's per-minute limit
        env = {"BIANMIN_PRINTER": args.printer, "BIANMIN_SECRET_KEY": "bench",
               "BIANMIN_SQLITE_SYNCHRONOUS": args.synchronous, "BIANMIN_OPEN_KIOSKS": "true"}
        if args.database_url:
            env["BIANMIN_DATABASE_URL"] = args.database_url
            db_url = args.database_url
        else:
            db_url = f"sqlite:///{workdir / 'bianmin.sqlite3'}"
        if not args.database_url:
            print(fsync_cost(workdir))
        server = start_server(workdir, async_mode=args.async_mode, env=env, timeout=120)
        url = server.url
    try:
        catalog = Kiosk(url).get(f"/api/v1/halls/{args.hall}/catalog")
        scenarios = [s["id"] for s in catalog["scenarios"]]
        print(f"server {url} ({args.async_mode if server else 'external'}), printer {args.printer}, "
              f"{len(scenarios)} scenarios"
              + (f", SQLite synchronous={args.synchronous}" if server and not args.database_url
                 else ""))
        cpu_before = cpu_seconds(server.process.pid) if server else 0.0
        latencies, elapsed, failures = closed_loop(url, args.hall, scenarios, args.kiosks, args.seconds)
        report(f"closed loop, {args.kiosks} kiosks", latencies, elapsed, failures)
        if server is not None:
            used = cpu_seconds(server.process.pid) - cpu_before
            print(f"server CPU: {used / elapsed * 100:.0f}% of one core, "
                  f"{used / max(len(latencies), 1) * 1000:.2f} ms per ticket")
        latencies, elapsed, failures = open_loop(url, args.hall, scenarios, args.rate, args.seconds, args.senders)
        report(f"open loop, {args.rate:.0f} tickets/s offered", latencies, elapsed, failures)
        if server is not None:
            rss = peak_rss_mb(server.process.pid)
            if rss is not None:
                print(f"server peak memory (VmHWM): {rss:.0f} MB")
        if db_url:
            print(check_numbers(db_url))
    finally:
        if server is not None:
            server.stop()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
