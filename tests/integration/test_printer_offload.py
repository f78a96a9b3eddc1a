"""Rendering and blocking device I/O go to the offload runner; TCP's green socket does not."""

from __future__ import annotations

from pathlib import Path

from bianmin.printer.models import PrintStatus
from bianmin.printer.service import print_slip
from bianmin.printer.slip import sample_slip
from tests.integration.test_printer_network import FakePrinter


class SpyOffload:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, function):  # type: ignore[no-untyped-def]
        self.calls += 1
        return function()


def test_preview_renders_and_writes_in_the_offload_runner(tmp_path: Path) -> None:
    spy = SpyOffload()
    outcome = print_slip(sample_slip(), f"preview://{tmp_path}", timeout=2, offload=spy)
    assert outcome.status is PrintStatus.PRINTED
    assert spy.calls == 2  # layout + encoding, then the PNG and the files
    assert len(list(tmp_path.glob("*.png"))) == 1


def test_tcp_renders_in_the_offload_runner_and_sends_inline() -> None:
    printer = FakePrinter()
    spy = SpyOffload()
    try:
        outcome = print_slip(sample_slip(), printer.url, timeout=2, offload=spy)
        assert outcome.status is PrintStatus.PRINTED
        assert spy.calls == 1
        assert sample_slip().scenario.encode("gb18030") in printer.data
    finally:
        printer.stop()
