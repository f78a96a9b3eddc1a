"""Printing logs its outcome on the caller's side, never inside ``send``: under eventlet
``send`` runs in a native thread (tpool), where the logging module's green locks can hang it
when another thread holds them (a print job then stayed pending until the server stopped)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bianmin.printer.connections import send
from bianmin.printer.device import parse_printer_url
from bianmin.printer.models import PrintStatus
from bianmin.printer.service import print_slip
from bianmin.printer.slip import sample_slip


def ours(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("bianmin")]


def test_send_logs_nothing_and_print_slip_logs_the_outcome_once(tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    outcome = send(parse_printer_url(f"file://{tmp_path / 'out.bin'}"), b"\x1b@hello", timeout=2)
    assert outcome.status == PrintStatus.PRINTED
    assert ours(caplog) == []
    printed = print_slip(sample_slip(), f"file://{tmp_path / 'slip.bin'}", timeout=2)
    assert printed.status == PrintStatus.PRINTED
    said = ours(caplog)
    assert len(said) == 1 and said[0].startswith("print to file://")


def test_an_unexpected_failure_carries_its_traceback_to_the_caller(tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> bytes:
        raise RuntimeError("the preview renderer broke")

    caplog.set_level(logging.DEBUG)
    outcome = send(parse_printer_url(f"preview://{tmp_path}"), b"x", timeout=2, preview_png=broken)
    assert outcome.status == PrintStatus.ERROR and "the preview renderer broke" in outcome.detail
    assert ours(caplog) == []
