"""The kiosk launcher with real headless Chromium and a real server: down at start, the start
page waits and reaches the kiosk by itself; the server dies and returns, the page reloads."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests.support.server import free_port, start_server

# waits on a real browser and real server starts: run alone, after the parallel phase
pytestmark = [pytest.mark.e2e, pytest.mark.server, pytest.mark.serial]


def _pages(profile: Path) -> list[dict]:
    try:
        port = int((profile / "DevToolsActivePort").read_text().split()[0])
        with urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as response:
            return [t for t in json.loads(response.read()) if t["type"] == "page"]
    except (OSError, ValueError, IndexError):
        return []


def _wait_for(profile: Path, what, timeout: float, log: Path) -> list[dict]:
    deadline = time.monotonic() + timeout
    pages: list[dict] = []
    while time.monotonic() < deadline:
        pages = _pages(profile)
        if pages and what(pages):
            return pages
        time.sleep(0.2)
    raise AssertionError(f"browser pages {pages}; launcher log:\n{log.read_text()}")


def _on_kiosk(url: str):
    # the kiosk's own title: not the start page, not Chromium's error page
    return lambda pages: len(pages) == 1 and pages[0]["url"] == url and "自助取号" in pages[0]["title"]


def test_down_at_start_then_dies_and_returns(tmp_path: Path) -> None:
    port = free_port()
    kiosk_url = f"http://127.0.0.1:{port}/kiosk/demo/"
    profile = tmp_path / "profile"
    log = tmp_path / "launcher.log"
    with log.open("w") as out:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "bianmin", "kiosk-launcher", kiosk_url, "--headless",
             "--browser", shutil.which("chromium"), "--profile", str(profile), "--every", "0.3"],
            stdout=out, stderr=subprocess.STDOUT)
    server = None
    try:
        # the server is down: the launcher's start page shows and waits
        pages = _wait_for(profile, lambda p: p[0]["title"] == "正在连接服务器", 15, log)
        assert pages[0]["url"].startswith("http://127.0.0.1:")
        time.sleep(1)
        assert _pages(profile)[0]["title"] == "正在连接服务器"

        server = start_server(tmp_path / "instance", port=port)
        _wait_for(profile, _on_kiosk(kiosk_url), 10, log)
        first_id = _pages(profile)[0]["id"]

        # the server dies: back to the start page; it returns: the kiosk loads afresh
        server.stop()
        _wait_for(profile, lambda p: p[0]["title"] == "正在连接服务器", 10, log)
        server = start_server(tmp_path / "instance", port=port)
        pages = _wait_for(profile, _on_kiosk(kiosk_url), 10, log)
        assert pages[0]["id"] != first_id  # a new load, not the old page left standing
        assert "the server stopped answering" in log.read_text()
    finally:
        launcher.terminate()
        launcher.wait(15)
        if server is not None:
            server.stop()
    # the launcher took its browser down with it
    assert _pages(profile) == []
