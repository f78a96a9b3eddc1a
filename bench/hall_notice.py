"""A new lobby notice: how long from the manager's PATCH until the LAST of N screens has it.

    python bench/hall_notice.py                      # 100 screens, 30 changes, eventlet
    python bench/hall_notice.py --screens 300 --changes 50 --async-mode threading

Starts its own ``bianmin serve`` on a copy-free fresh instance (SQLite, the demo hall, a
manager account), connects N python-socketio clients to namespace /hall (the demo hall is
in open mode), then a manager changes the notice ``--changes`` times, one at a time, and
waits until every screen has received ``hall.changed`` with that text. Prints the PATCH's
own answer time and the delay from sending the PATCH to the first and the last screen
(median, p99, max). Both processes share this machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp  # noqa: E402
import socketio  # noqa: E402

from tests.support.server import start_server  # noqa: E402

PASSWORD = "bench-notice-1"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def run(url: str, screens: int, changes: int) -> dict[str, list[float]]:
    seen: list[dict[str, float]] = [{} for _ in range(screens)]
    clients = []
    for index in range(screens):
        client = socketio.AsyncClient(reconnection=False)

        def on_changed(data: dict, index: int = index) -> None:
            seen[index][data["hall"]["notice"]] = time.perf_counter()

        client.on("hall.changed", on_changed, namespace="/hall")
        await client.connect(url, namespaces=["/hall"], auth={"hall": "demo"}, transports=["websocket"])
        clients.append(client)
    figures: dict[str, list[float]] = {"answer": [], "first": [], "last": []}
    try:
        await changes_on(url, changes, seen, figures)
    finally:
        for client in clients:
            await client.disconnect()
    return figures


async def changes_on(url: str, changes: int, seen: list[dict[str, float]],
                     figures: dict[str, list[float]]) -> None:
    screens = len(seen)
    # the server is reached by IP address: aiohttp keeps such cookies only when told to
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        signed = await http.post(f"{url}/api/v1/session", json={"username": "boss", "password": PASSWORD})
        assert signed.status == 200, await signed.text()
        for n in range(changes):
            notice = f"通知 {n} {time.time_ns()}"
            sent = time.perf_counter()
            async with http.patch(f"{url}/api/v1/halls/demo", json={"notice": notice}) as answer:
                assert answer.status == 200, await answer.text()
            figures["answer"].append(time.perf_counter() - sent)
            deadline = time.perf_counter() + 10
            while not all(notice in s for s in seen) and time.perf_counter() < deadline:
                await asyncio.sleep(0.002)
            arrivals = [s[notice] for s in seen if notice in s]
            assert len(arrivals) == screens, f"{screens - len(arrivals)} screens missed change {n}"
            figures["first"].append(min(arrivals) - sent)
            figures["last"].append(max(arrivals) - sent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--screens", type=int, default=100)
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "threading"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
        subprocess.run([sys.executable, "-m", "bianmin", "staff", "add", "boss", "--password", PASSWORD,
                        "--role", "manager", "--instance", str(instance)], check=True, env=env,
                       capture_output=True)
        server = start_server(instance, async_mode=args.async_mode,
                              env={"BIANMIN_SECRET_KEY": "bench", "BIANMIN_PRINTER": "none"})
        try:
            figures = asyncio.run(run(server.url, args.screens, args.changes))
        finally:
            server.stop()
    print(f"{args.screens} screens, {args.changes} notice changes, {args.async_mode}")
    for name, label in (("answer", "PATCH answered"), ("first", "first screen has it"),
                        ("last", "last screen has it")):
        values = [v * 1000 for v in figures[name]]
        print(f"  {label:22s} median {statistics.median(values):7.1f} ms   "
              f"p99 {percentile(values, 0.99):7.1f} ms   max {max(values):7.1f} ms")


if __name__ == "__main__":
    main()
