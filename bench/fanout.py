"""Fan-out: how long until the LAST of N screens shows a call, after the call's HTTP answer.

    python bench/fanout.py                                  # 500 screens, eventlet
    python bench/fanout.py --async-mode threading
    python bench/fanout.py --client raw                     # lighter screens: the server's figure
    python bench/fanout.py --screens 100 --calls 50 --back-to-back
    python bench/fanout.py --url http://127.0.0.1:5000 --hall demo --scenario 1 \
        --username u --password p --pid 1234

Without --url it starts its own ``bianmin serve`` (SQLite in a temporary instance, a small
hall with one queue served by window 1, one staff account) in the chosen async mode. N
screens connect to namespace /hall, all in one asyncio loop of this process: python-socketio
AsyncClients (``--client socketio``, the default) or the same protocol over plain aiohttp
WebSockets (``--client raw``, as a browser speaks it, with far less Python per message).
Then a member of staff, over HTTP, repeatedly takes a ticket, waits until its events have
reached every screen (unless ``--back-to-back``), presses 叫号 (call-next) and 过号
(no-show). For every call it records when the HTTP request was sent, when its answer
arrived and when each screen received ``ticket.called`` for that ticket.

Prints: connection time (to the first snapshot) per screen and for all of them; the delay
from the call's HTTP answer (and from sending it) to the first and the last screen's
receipt (p50, p99, max; negative means the screens had it before the answer arrived);
calls per second; the server's resident memory (RSS) and threads. Both processes share
this machine's cores, so the screens' own work is part of the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp  # noqa: E402
import socketio  # noqa: E402

PASSWORD = "bench-pass"


@dataclass
class Screen:
    close: Callable[[], Awaitable[None]]
    connected_in: float = 0.0
    # the highest event version this screen has received
    version: int = 0
    # ticket id → perf_counter() when ticket.called arrived
    calls: dict[int, float] = field(default_factory=dict)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_mib(pid: int | None) -> float | None:
    if pid is None:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def threads_of(pid: int | None) -> int | None:
    if pid is None:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return None


class Arrivals:
    """Counts the screens that got the call being measured; wakes the caller at the last."""

    def __init__(self, screens: int) -> None:
        self.screens = screens
        self.ticket_id = 0
        self.count = 0
        self.all_in = asyncio.Event()

    def expect(self, ticket_id: int) -> None:
        self.ticket_id, self.count = ticket_id, 0
        self.all_in.clear()

    def got(self, screen: Screen, ticket_id: int) -> None:
        screen.calls[ticket_id] = time.perf_counter()
        if ticket_id == self.ticket_id:
            self.count += 1
            if self.count == self.screens:
                self.all_in.set()


async def socketio_screen(url: str, hall: str, arrivals: Arrivals, _http: aiohttp.ClientSession) -> Screen:
    """A python-socketio AsyncClient, as a Python program watching the hall would use."""
    client = socketio.AsyncClient(reconnection=False)
    screen = Screen(client.disconnect)
    got_snapshot = asyncio.Event()

    async def on_snapshot(_body: dict) -> None:
        got_snapshot.set()

    async def on_called(data: dict) -> None:
        arrivals.got(screen, data["ticket_id"])
        screen.version = max(screen.version, data["version"])

    async def on_other(_name: str, data: dict) -> None:
        screen.version = max(screen.version, data.get("version", 0))

    client.on("snapshot", on_snapshot, namespace="/hall")
    client.on("ticket.called", on_called, namespace="/hall")
    client.on("*", on_other, namespace="/hall")
    await client.connect(url, namespaces=["/hall"], auth={"hall": hall},
                         transports=["websocket"], wait_timeout=60)
    await asyncio.wait_for(got_snapshot.wait(), 60)
    return screen


async def raw_screen(url: str, hall: str, arrivals: Arrivals, http: aiohttp.ClientSession) -> Screen:
    """Engine.IO 4 / Socket.IO 5 spoken directly over one WebSocket, as a browser does.

    It does what socket.io-client does on the wire (open, connect /hall with auth, answer
    pings, read events) with a fraction of python-socketio's per-message work, so that
    the figures show the server's fan-out rather than this process's.
    """
    ws = await http.ws_connect(url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket")
    opened = await ws.receive_str()
    assert opened.startswith("0"), opened
    await ws.send_str("40/hall," + json.dumps({"hall": hall}))
    got_snapshot = asyncio.Event()
    screen = Screen(ws.close)

    async def read() -> None:
        async for message in ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            text = message.data
            if text == "2":
                await ws.send_str("3")  # pong
            elif text.startswith("42/hall,"):
                name, data = json.loads(text[8:])
                if name != "snapshot":
                    screen.version = max(screen.version, data.get("version", 0))
                if name == "ticket.called":
                    arrivals.got(screen, data["ticket_id"])
                elif name == "snapshot":
                    got_snapshot.set()
            elif text.startswith("44/hall,"):
                raise RuntimeError(f"refused: {text}")

    task = asyncio.ensure_future(read())
    READERS.add(task)
    await asyncio.wait_for(got_snapshot.wait(), 60)
    return screen


# the raw screens' reading tasks, kept referenced until the end
READERS: set[asyncio.Future] = set()
CLIENTS = {"socketio": socketio_screen, "raw": raw_screen}


async def run(args: argparse.Namespace, url: str, pid: int | None) -> None:
    rss_before = rss_mib(pid)
    arrivals = Arrivals(args.screens)
    gate = asyncio.Semaphore(args.connect_concurrency)
    connect = CLIENTS[args.client]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as sockets:

        async def one() -> Screen:
            async with gate:
                started = time.perf_counter()
                screen = await connect(url, args.hall, arrivals, sockets)
                screen.connected_in = time.perf_counter() - started
                return screen

        started = time.perf_counter()
        screens = list(await asyncio.gather(*[one() for _ in range(args.screens)]))
        connect_all = time.perf_counter() - started
        await asyncio.sleep(1)
        rss_connected = rss_mib(pid)
        # this process's garbage collector must not pause the screens mid-measurement
        gc.collect()
        gc.freeze()
        try:
            delays, firsts, answers, pressed, calls_took = await call_many(
                args, url, screens, arrivals)
            rss_after = rss_mib(pid)
            threads = threads_of(pid)
        finally:
            for screen in screens:
                await screen.close()
    report(args, screens, connect_all, delays, firsts, answers, pressed, calls_took,
           (rss_before, rss_connected, rss_after), threads)


async def call_many(args: argparse.Namespace, url: str, screens: list[Screen],
                    arrivals: Arrivals) -> tuple[list[float], list[float], list[float], list[float], float]:
    """Take, call and no-show one ticket after another; the delays of the counted calls."""
    delays: list[float] = []
    pressed: list[float] = []
    firsts: list[float] = []
    answers: list[float] = []
    # unsafe: keep the session cookie of a server addressed by IP (127.0.0.1)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        signed = await http.post(f"{url}/api/v1/session", json={
            "username": args.username, "password": args.password, "window": args.window})
        assert signed.status == 200, await signed.text()
        window = f"{url}/api/v1/windows/{args.window}"
        await http.post(f"{window}/no-show", json={})  # a ticket left over from a past run
        calls_started = time.perf_counter()
        for _ in range(args.warmup + args.calls):
            taken = await http.post(f"{url}/api/v1/halls/{args.hall}/tickets", json={
                "scenario_id": args.scenario, "request_id": uuid.uuid4().hex})
            assert taken.status == 201, await taken.text()
            ticket_id = (await taken.json())["id"]
            if not args.back_to_back:
                # calls in a hall are seconds apart: let the ticket's own events reach every
                # screen first, so that the call is measured on its own
                current = await http.get(f"{url}/api/v1/halls/{args.hall}/snapshot")
                target = (await current.json())["version"]
                while min(s.version for s in screens) < target:
                    await asyncio.sleep(0.002)
            arrivals.expect(ticket_id)
            sent = time.perf_counter()
            called = await http.post(f"{window}/call-next", json={})
            body = await called.json()
            answered = time.perf_counter()
            assert called.status == 200 and body["id"] == ticket_id, body
            await asyncio.wait_for(arrivals.all_in.wait(), 30)
            received = [s.calls[ticket_id] for s in screens]
            if _ >= args.warmup:
                delays.append(max(received) - answered)
                pressed.append(max(received) - sent)
                firsts.append(min(received) - answered)
                answers.append(answered - sent)
            released = await http.post(f"{window}/no-show", json={})
            assert released.status == 200, await released.text()
        calls_took = time.perf_counter() - calls_started
    return delays, firsts, answers, pressed, calls_took


def report(args: argparse.Namespace, screens: list[Screen], connect_all: float,
           delays: list[float], firsts: list[float], answers: list[float],
           pressed: list[float], calls_took: float,
           rss: tuple[float | None, ...], threads: int | None) -> None:
    rss_before, rss_connected, rss_after = rss
    ms = 1000.0
    connected = [s.connected_in for s in screens]
    print(f"fanout: {args.screens} screens ({args.client} clients), {args.calls} calls"
          f"{' back to back' if args.back_to_back else ''}, server {args.mode}")
    print(f"  connect (to first snapshot): p50 {statistics.median(connected) * ms:.1f} ms, "
          f"p99 {percentile(connected, 0.99) * ms:.1f} ms, max {max(connected) * ms:.1f} ms; "
          f"all {args.screens} in {connect_all:.2f} s")
    print(f"  call-next HTTP answer: p50 {statistics.median(answers) * ms:.1f} ms, "
          f"p99 {percentile(answers, 0.99) * ms:.1f} ms")
    print(f"  answer → first screen: p50 {statistics.median(firsts) * ms:.1f} ms, "
          f"p99 {percentile(firsts, 0.99) * ms:.1f} ms")
    print(f"  answer → last screen: p50 {statistics.median(delays) * ms:.1f} ms, "
          f"p99 {percentile(delays, 0.99) * ms:.1f} ms, max {max(delays) * ms:.1f} ms")
    print(f"  request sent → last screen: p50 {statistics.median(pressed) * ms:.1f} ms, "
          f"p99 {percentile(pressed, 0.99) * ms:.1f} ms, max {max(pressed) * ms:.1f} ms")
    cycle = 4 + 1  # events per cycle: issued, queue.changed, called, queue.changed, no_show
    print(f"  throughput: {args.calls + args.warmup} take+call+no-show cycles in {calls_took:.2f} s "
          f"= {(args.calls + args.warmup) / calls_took:.1f} calls/s, "
          f"{(args.calls + args.warmup) * cycle * args.screens / calls_took:.0f} messages/s delivered")
    if rss_before is not None and rss_connected is not None and rss_after is not None:
        print(f"  server RSS: {rss_before:.0f} MiB idle, {rss_connected:.0f} MiB with "
              f"{args.screens} screens ({(rss_connected - rss_before) * 1024 / args.screens:.0f} KiB "
              f"per screen), {rss_after:.0f} MiB after the calls; {threads} threads")


def own_server(args: argparse.Namespace, workdir: Path):  # type: ignore[no-untyped-def]
    """A throw-away server with a one-queue hall and a member of staff at window 1."""
    from bianmin.staff.service import add_staff
    from tests.support.live import add_hall, database_in, server_env
    from tests.support.server import start_server

    db = database_in(workdir)
    hall = add_hall(db, args.hall, queues={"A": [1]})
    add_staff(db, hall_code=args.hall, username=args.username, password=args.password,
              windows=[1])
    db.dispose()
    args.scenario = hall.scenarios["A"]
    return start_server(workdir, async_mode=args.mode, env=server_env(args.hall))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screens", type=int, default=500)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5, help="calls not counted")
    parser.add_argument("--async-mode", dest="mode", choices=["eventlet", "threading"],
                        default="eventlet")
    parser.add_argument("--client", choices=sorted(CLIENTS), default="socketio",
                        help="socketio: python-socketio AsyncClients; raw: the same protocol "
                        "over plain WebSockets, lighter on this process")
    parser.add_argument("--back-to-back", action="store_true",
                        help="call at once after taking the ticket, while its events are still "
                        "on their way to the screens (a stress test, not a hall)")
    parser.add_argument("--connect-concurrency", type=int, default=50,
                        help="screens connecting at the same time")
    parser.add_argument("--url", help="a running server instead of our own")
    parser.add_argument("--pid", type=int, help="the running server's process id (for RSS)")
    parser.add_argument("--hall", default="bench")
    parser.add_argument("--scenario", type=int, help="scenario id (with --url)")
    parser.add_argument("--window", type=int, default=1)
    parser.add_argument("--username", default="bench-staff")
    parser.add_argument("--password", default=PASSWORD)
    args = parser.parse_args()
    if args.url:
        if args.scenario is None:
            parser.error("--url needs --scenario (a scenario of a queue that --window serves)")
        asyncio.run(run(args, args.url.rstrip("/"), args.pid))
        return 0
    with tempfile.TemporaryDirectory(prefix="bianmin-fanout-") as tmp:
        server = own_server(args, Path(tmp))
        try:
            asyncio.run(run(args, server.url, server.process.pid))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
