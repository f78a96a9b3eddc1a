"""A sign-in storm against a real server while kiosks take tickets (test and bench share it).

Kiosks offer tickets on a fixed schedule (open loop: latency counts from the scheduled
send time, so a stalled server shows as queueing delay). Attackers send wrong sign-ins
back to back from one or several loopback addresses (127.0.0.x: the server sees each as
another client), with one username or a fresh one per attempt.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


class Client:
    """One keep-alive HTTP connection from a chosen loopback address."""

    def __init__(self, url: str, source: str = "127.0.0.1") -> None:
        parts = urlsplit(url)
        self.host, self.port, self.source = parts.hostname, parts.port or 80, source
        self.conn = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=30, source_address=(self.source, 0))

    def post(self, path: str, body: dict) -> tuple[int, dict, dict]:
        data = json.dumps(body)
        for attempt in range(2):
            try:
                self.conn.request("POST", path, data, {"Content-Type": "application/json"})
                response = self.conn.getresponse()
                payload = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = self._connect()
                return response.status, json.loads(payload or b"{}"), dict(response.getheaders())
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = self._connect()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def get(self, path: str) -> dict:
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        return json.loads(response.read())

    def close(self) -> None:
        self.conn.close()


@dataclass
class PhaseResult:
    name: str
    # kiosk ticket latencies in seconds, from the scheduled send time
    kiosk: list[float] = field(default_factory=list)
    kiosk_failures: int = 0
    # sign-in answers: status → count, and the error codes of the refusals
    signins: Counter = field(default_factory=Counter)
    codes: Counter = field(default_factory=Counter)
    retry_after_missing: int = 0
    cpu_seconds: float = 0.0
    elapsed: float = 0.0

    def p(self, q: float) -> float:
        """Kiosk latency percentile in milliseconds."""
        ordered = sorted(self.kiosk)
        return 1000 * ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]

    def line(self) -> str:
        kiosk = (f"kiosk tickets {len(self.kiosk)} (failed {self.kiosk_failures}): p50 {self.p(50):.1f} ms"
                 f"  p99 {self.p(99):.1f} ms  max {1000 * max(self.kiosk):.1f} ms")
        signins = ", ".join(f"{status}: {n}" for status, n in sorted(self.signins.items())) or "none"
        codes = ", ".join(f"{code} {n}" for code, n in self.codes.most_common()) or "-"
        rate = sum(self.signins.values()) / self.elapsed if self.elapsed else 0
        cpu = 100 * self.cpu_seconds / self.elapsed if self.elapsed else 0
        return (f"{self.name}: {kiosk}; sign-ins {sum(self.signins.values())} ({rate:.0f}/s) "
                f"[{signins}] ({codes}); server CPU {cpu:.0f}% of one core")


def scenarios_of(url: str, hall: str) -> list[int]:
    client = Client(url)
    try:
        found = [s["id"] for s in client.get(f"/api/v1/halls/{hall}/catalog")["scenarios"]]
    finally:
        client.close()
    return found[::7]


def run_phase(
    name: str, url: str, *, hall: str, scenarios: list[int], seconds: float, kiosk_rate: float = 20,
    kiosks: int = 4, attackers: int = 0, sources: list[str] | None = None, username: str | None = None,
    window: int = 1, pid: int | None = None,
) -> PhaseResult:
    """Kiosks at ``kiosk_rate`` tickets/s for ``seconds``, with ``attackers`` signing in wrongly.

    ``username`` None: every attempt uses a fresh username; ``sources``: the attackers'
    addresses, one per attacker in turn (default 127.0.0.1 for all).
    """
    result = PhaseResult(name)
    lock = threading.Lock()
    sources = sources or ["127.0.0.1"]
    begin = time.perf_counter() + 0.3
    stop_at = begin + seconds
    total = int(kiosk_rate * seconds)
    next_ticket = [0]

    def kiosk() -> None:
        client = Client(url)
        try:
            while True:
                with lock:
                    i = next_ticket[0]
                    next_ticket[0] += 1
                if i >= total:
                    return
                scheduled = begin + i / kiosk_rate
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                status, _body, _headers = client.post(
                    f"/api/v1/halls/{hall}/tickets",
                    {"scenario_id": scenarios[i % len(scenarios)], "request_id": uuid.uuid4().hex})
                latency = time.perf_counter() - scheduled
                with lock:
                    if status == 201:
                        result.kiosk.append(latency)
                    else:
                        result.kiosk_failures += 1
        finally:
            client.close()

    def attacker(n: int) -> None:
        client = Client(url, sources[n % len(sources)])
        delay = begin - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        try:
            while time.perf_counter() < stop_at:
                who = username or f"guess-{uuid.uuid4().hex[:12]}"
                status, body, headers = client.post(
                    "/api/v1/session", {"username": who, "password": "wrong-password", "window": window})
                with lock:
                    result.signins[status] += 1
                    result.codes[body.get("error", "?")] += 1
                    if status == 429 and not headers.get("Retry-After", "").isdigit():
                        result.retry_after_missing += 1
        finally:
            client.close()

    threads = [threading.Thread(target=kiosk) for _ in range(kiosks)]
    threads += [threading.Thread(target=attacker, args=(n,)) for n in range(attackers)]
    cpu_before = cpu_seconds(pid) if pid else 0.0
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - begin
    result.cpu_seconds = (cpu_seconds(pid) - cpu_before) if pid else 0.0
    return result


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def storm(url: str, *, hall: str, username: str, seconds: float, attackers: int = 16,
          pid: int | None = None) -> list[PhaseResult]:
    """The three phases: kiosks alone; one address and one username; 16 addresses, fresh names."""
    scenarios = scenarios_of(url, hall)
    # a fresh server's first tickets pay once for its connections, caches and first
    # writes: a short unmeasured run first, as every benchmark warms up
    run_phase("warm-up", url, hall=hall, scenarios=scenarios, seconds=1, pid=pid)
    common = {"hall": hall, "scenarios": scenarios, "seconds": seconds, "pid": pid}
    return [
        run_phase("kiosks alone", url, **common),
        run_phase("storm from one address, one username", url, attackers=attackers,
                  username=username, **common),
        run_phase(f"storm from {attackers} addresses, a fresh username each try", url,
                  attackers=attackers, sources=[f"127.0.0.{10 + n}" for n in range(attackers)],
                  **common),
    ]
