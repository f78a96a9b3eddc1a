"""Printing over a real TCP socket (and a real pseudo-terminal for serial printers).

``FakePrinter`` is a listening socket on 127.0.0.1 in a thread that records every byte and,
if asked, answers the paper-sensor query like an ESC/POS printer does.
"""

from __future__ import annotations

import dataclasses
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from bianmin.printer.models import PrintStatus
from bianmin.printer.service import print_slip
from bianmin.printer.slip import TicketSlip, sample_slip
from tests.unit.test_printer_escpos_text import read_escpos

PAPER_QUERY = b"\x10\x04\x04"  # DLE EOT 4

# every test here holds a deadline in seconds against a real socket
pytestmark = pytest.mark.serial


class FakePrinter:
    """A port-9100 printer on a real socket: reads to the end, records, closes."""

    def __init__(
        self,
        *,
        paper_status: int | None = None,  # answer DLE EOT 4 with this byte; None = never
        reads: bool = True,  # False: accept and never read (a hung printer)
        close_at_once: bool = False,  # accept and close straight away (a busy printer)
        on_connect: Callable[[], None] | None = None,
        port: int = 0,  # a given port: the printer that was off is switched back on
    ) -> None:
        self.paper_status = paper_status
        self.reads = reads
        self.close_at_once = close_at_once
        self.on_connect = on_connect
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", port))
        self._listener.listen(5)
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    @property
    def data(self) -> bytes:
        """Everything the last finished connection sent."""
        deadline = time.monotonic() + 3
        while not self.connections and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.connections[-1]

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            with conn:
                if self.on_connect:
                    self.on_connect()
                if self.close_at_once:
                    continue
                if not self.reads:
                    self._stop.wait()
                    continue
                self.connections.append(self._read_all(conn))

    def _read_all(self, conn: socket.socket) -> bytes:
        received = bytearray()
        answered = 0
        conn.settimeout(0.1)
        while not self._stop.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                break
            received += chunk
            if self.paper_status is not None:
                queries = received.count(PAPER_QUERY)
                conn.sendall(bytes([self.paper_status]) * (queries - answered))
                answered = queries
        return bytes(received)


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    fake = FakePrinter()
    yield fake
    fake.stop()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _long_slip() -> TicketSlip:
    return dataclasses.replace(
        sample_slip(),
        number="A012",
        scenario="最低生活保障的初审",
        materials=[
            "申请人提出书面申请或委托连队（社区）代为申请并提交必要材料；",
            "开展家庭经济状况调查工作；",
            "入户调查后提出初审意见；",
            "申请家庭所在连队（社区）公示7天；",
            "公示无异议之后召开社会救助专题会议；",
            "对符合条件的申请予以确认，确定救助金额，并在申请家庭所在连队、社区进行公示，"
            "公示7天。公示无异议之后，次月发放低保金，对不符合条件的申请不予确认，并在作出"
            "决定的3个工作日内，委托团镇便民服务中心书面告知申请人并说明理由。",
        ],
        status_url="http://192.168.1.10:5000/t/42?k=9d2e",
    )


def test_text_ticket_arrives_with_scenario_materials_number_qr_and_cut(
    printer: FakePrinter,
) -> None:
    slip = _long_slip()
    outcome = print_slip(slip, printer.url, timeout=2)
    assert outcome.status is PrintStatus.PRINTED, outcome.reason
    stream = read_escpos(printer.data)
    # the printer is asked for its paper first; it never answers, so that stays "unknown"
    assert stream.names()[:3] == ["status_query", "init", "chinese_mode"]
    printed = _squash(stream.text)
    assert "最低生活保障的初审" in printed
    for number, material in enumerate(slip.materials, start=1):
        assert f"{number}." + _squash(material) in printed
    number_at = next(i for i, c in enumerate(stream.commands) if c.args == b"A012")
    sizes = [c for c in stream.commands[:number_at] if c.name == "size"]
    assert sizes[-1].args == b"\x33"
    qr = stream.find("qr")
    assert qr[3].args == b"1P0" + slip.status_url.encode()
    assert stream.names()[-1] == "cut"
    assert outcome.bytes_sent == len(printer.data) - len(PAPER_QUERY)


def test_printer_that_answers_status_confirms_the_ticket() -> None:
    fake = FakePrinter(paper_status=0x12)
    try:
        outcome = print_slip(sample_slip(), fake.url, timeout=2)
        assert outcome.status is PrintStatus.PRINTED
        assert outcome.detail == "printed; status confirmed" and outcome.reason == ""
        assert fake.data.count(PAPER_QUERY) == 2  # before and after the ticket
        assert outcome.seconds < 1.0  # an answering printer costs no waiting
    finally:
        fake.stop()


def test_paper_out_is_reported_and_no_ticket_is_sent() -> None:
    fake = FakePrinter(paper_status=0x72)
    try:
        outcome = print_slip(sample_slip(), fake.url, timeout=2)
        assert outcome.status is PrintStatus.PAPER_OUT
        assert "缺纸" in outcome.reason and "换上新纸卷" in outcome.reason
        assert fake.data == PAPER_QUERY
    finally:
        fake.stop()


def test_paper_running_low_still_prints_with_a_warning() -> None:
    fake = FakePrinter(paper_status=0x1E)
    try:
        outcome = print_slip(sample_slip(), fake.url, timeout=2)
        assert outcome.status is PrintStatus.PRINTED
        assert "快用完" in outcome.reason
        assert "高龄津贴的审核" in read_escpos(fake.data).text
    finally:
        fake.stop()


def test_closed_port_is_offline_at_once() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    outcome = print_slip(sample_slip(), f"tcp://127.0.0.1:{port}", timeout=2)
    assert outcome.status is PrintStatus.OFFLINE
    assert "拒绝连接" in outcome.reason and "补打" in outcome.reason
    assert outcome.seconds < 1.0


def test_printer_that_accepts_and_never_reads_times_out_within_the_timeout() -> None:
    fake = FakePrinter(reads=False)
    try:
        started = time.monotonic()
        outcome = print_slip(sample_slip(), fake.url, timeout=1.0)
        elapsed = time.monotonic() - started
        assert outcome.status is PrintStatus.TIMEOUT
        assert "没有确认收到" in outcome.reason
        assert elapsed < 2.0  # python-escpos' own default would wait 60 s
    finally:
        fake.stop()


def test_raster_ticket_to_a_never_reading_printer_also_times_out() -> None:
    fake = FakePrinter(reads=False)
    big = dataclasses.replace(_long_slip(), materials=_long_slip().materials * 10)
    try:
        started = time.monotonic()
        outcome = print_slip(big, fake.url + "?mode=raster", timeout=1.0)
        assert outcome.status is PrintStatus.TIMEOUT
        assert time.monotonic() - started < 3.0
    finally:
        fake.stop()


def test_listener_with_a_full_backlog_fails_within_a_few_seconds() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    held: list[socket.socket] = []
    try:
        for _ in range(20):  # fill the accept queue until the kernel stops answering
            client = socket.socket()
            client.settimeout(0.3)
            try:
                client.connect(("127.0.0.1", port))
            except TimeoutError:
                client.close()
                break
            held.append(client)
        started = time.monotonic()
        outcome = print_slip(sample_slip(), f"tcp://127.0.0.1:{port}", timeout=1.0)
        assert outcome.status in {PrintStatus.OFFLINE, PrintStatus.TIMEOUT}
        assert "补打" in outcome.reason
        assert time.monotonic() - started < 2.5
    finally:
        for client in held:
            client.close()
        listener.close()


def test_printer_that_hangs_up_at_once_is_offline() -> None:
    fake = FakePrinter(close_at_once=True)
    try:
        outcome = print_slip(sample_slip(), fake.url, timeout=1.0)
        assert outcome.status is PrintStatus.OFFLINE
        assert outcome.seconds < 1.0
    finally:
        fake.stop()


def test_raster_ticket_over_tcp_is_bands_72_bytes_wide(printer: FakePrinter) -> None:
    outcome = print_slip(sample_slip(), printer.url + "?mode=raster", timeout=2)
    assert outcome.status is PrintStatus.PRINTED
    stream = read_escpos(printer.data)
    bands = stream.find("raster")
    assert bands and all(int.from_bytes(b.args[4:6], "little") == 72 for b in bands)
    assert "chinese_mode" not in stream.names() and stream.names()[-1] == "cut"


def test_58mm_over_tcp_keeps_lines_within_32_columns(printer: FakePrinter) -> None:
    outcome = print_slip(_long_slip(), printer.url + "?paper=58", timeout=2)
    assert outcome.status is PrintStatus.PRINTED
    stream = read_escpos(printer.data)
    # 1x lines are plain text; their GB18030 byte count equals their display width here
    plain = [c.args for c in stream.commands if c.name == "text"]
    assert max(len(line) for line in plain) <= 32
    assert len(stream.find("qr")[1].args) == 3 and stream.find("qr")[1].args[2] == 5


def test_serial_printer_on_a_real_pseudo_terminal() -> None:
    master, slave = os.openpty()
    received = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            if not chunk:
                return
            received.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        outcome = print_slip(sample_slip(), f"serial://{os.ttyname(slave)}?baudrate=115200",
                             timeout=2)
        assert outcome.status is PrintStatus.PRINTED, outcome.reason
        deadline = time.monotonic() + 2
        while len(received) < outcome.bytes_sent and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "高龄津贴的审核" in read_escpos(bytes(received)).text
    finally:
        os.close(slave)
        os.close(master)


def test_serial_printer_that_stops_reading_times_out() -> None:
    master, slave = os.openpty()  # nobody reads the master: the terminal buffer fills up
    try:
        big = dataclasses.replace(_long_slip(), materials=_long_slip().materials * 40)
        started = time.monotonic()
        outcome = print_slip(big, f"serial://{os.ttyname(slave)}?mode=raster", timeout=0.5)
        assert outcome.status is PrintStatus.TIMEOUT
        assert "串口" in outcome.reason
        assert time.monotonic() - started < 3.0
    finally:
        os.close(slave)
        os.close(master)
