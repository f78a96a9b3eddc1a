"""``bianmin printer test DEVICE`` as a real subprocess against a real listening socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.integration.test_printer_network import FakePrinter
from tests.unit.test_printer_escpos_text import read_escpos


def _bianmin(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIANMIN_")}
    env["BIANMIN_PRINTER_TIMEOUT"] = "1.5"
    return subprocess.run(
        [sys.executable, "-m", "bianmin", "--instance", str(tmp_path / "instance"),
         "printer", "test", *args],
        capture_output=True, text=True, timeout=60, env=env, check=False,
    )


def test_printer_test_prints_the_sample_over_tcp(tmp_path: Path) -> None:
    printer = FakePrinter(paper_status=0x12)
    try:
        result = _bianmin(tmp_path, printer.url)
        data = printer.data
    finally:
        printer.stop()
    assert result.returncode == 0, result.stderr
    assert "打印成功" in result.stdout and "printed" in result.stdout
    stream = read_escpos(data)
    assert "高龄津贴的审核" in stream.text and "A012" in stream.text
    # the paper sensor is asked before and after the ticket, which ends with the cut
    assert stream.names()[0] == "status_query" and stream.names()[-2:] == ["cut", "status_query"]


def test_printer_test_reports_an_offline_printer_and_exits_1(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = _bianmin(tmp_path, f"tcp://127.0.0.1:{port}")
    assert result.returncode == 1
    assert "打印机未连接" in result.stderr and "printer offline" in result.stderr


def test_printer_test_reports_paper_out_and_exits_1(tmp_path: Path) -> None:
    printer = FakePrinter(paper_status=0x72)
    try:
        result = _bianmin(tmp_path, printer.url)
    finally:
        printer.stop()
    assert result.returncode == 1
    assert "缺纸" in result.stderr and "out of paper" in result.stderr


def test_printer_test_refuses_a_bad_url_with_exit_2(tmp_path: Path) -> None:
    result = _bianmin(tmp_path, "tcp://10.0.0.1:9100?paper=60")
    assert result.returncode == 2
    assert "80 或 58" in result.stderr and "bad printer URL" in result.stderr


def test_printer_test_to_a_preview_folder_writes_a_png(tmp_path: Path) -> None:
    folder = tmp_path / "prints"
    result = _bianmin(tmp_path, f"preview://{folder}?paper=58")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["001.bin", "001.png"]
    with Image.open(folder / "001.png") as image:
        assert image.width == 384 and image.height > 1000
    assert "高龄津贴的审核" in read_escpos((folder / "001.bin").read_bytes()).text
