"""Chromium for an unattended box: its flags, a profile that never asks to restore, its tabs.

The launcher drives the browser through Chromium's DevTools HTTP endpoints (``/json/…``),
bound to 127.0.0.1 only: open a page in a new tab, close the others. No websocket needed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path
from urllib.parse import quote
from urllib.request import Request, urlopen

log = logging.getLogger(__name__)

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# one year: a closed LAN has no updates to look for, and no nagging about them
_NO_UPDATE_CHECKS = "31536000"


def find_browser(path: str | None) -> str | None:
    """The browser given, or the first Chromium on PATH."""
    if path:
        return shutil.which(path) or (path if Path(path).is_file() else None)
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def kiosk_flags(profile: Path, start_url: str, *, headless: bool = False) -> list[str]:
    """The command line of a kiosk that nobody tends: full screen, no dialogs, no pinch."""
    flags = [
        f"--user-data-dir={profile}",
        "--kiosk",
        "--noerrdialogs",
        "--disable-pinch",
        "--overscroll-history-navigation=0",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-translate",
        "--disable-features=Translate,TranslateUI",
        f"--check-for-update-interval={_NO_UPDATE_CHECKS}",
        # after a power cut: no "restore pages?" bubble (older and newer flag names)
        "--disable-session-crashed-bubble",
        "--hide-crash-restore-bubble",
        "--disable-infobars",
        "--password-store=basic",
        # the lobby screen's voice plays without a click on 点击开启语音播报
        "--autoplay-policy=no-user-gesture-required",
        # the launcher's handle on the tabs: local only, the port chosen by Chromium
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
    ]
    if headless:
        flags.append("--headless=new")
    if os.geteuid() == 0:
        # Chromium refuses root without it; a real kiosk runs as its own user (deployment.md)
        flags.append("--no-sandbox")
    return flags + [start_url]


def mark_clean_exit(profile: Path) -> None:
    """Tell the profile its last session ended normally (it did not, after a power cut), so
    that Chromium opens the start page and asks nothing."""
    prefs_path = profile / "Default" / "Preferences"
    try:
        prefs = json.loads(prefs_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # a new profile: nothing to restore
    state = prefs.setdefault("profile", {})
    state["exited_cleanly"] = True
    state["exit_type"] = "Normal"
    prefs_path.write_text(json.dumps(prefs), encoding="utf-8")


class Tabs:
    """The DevTools HTTP endpoints of one running Chromium."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile
        self.port: int | None = None

    def wait_for_port(self, timeout: float = 20.0) -> bool:
        """Chromium writes its chosen port into the profile's DevToolsActivePort."""
        deadline = time.monotonic() + timeout
        port_file = self.profile / "DevToolsActivePort"
        while time.monotonic() < deadline:
            try:
                self.port = int(port_file.read_text().split()[0])
                self.pages()
                return True
            except (OSError, ValueError, IndexError):
                time.sleep(0.2)
        return False

    def _call(self, path: str, method: str = "GET") -> bytes:
        request = Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        with urlopen(request, timeout=3) as response:
            return response.read()

    def pages(self) -> list[dict]:
        return [t for t in json.loads(self._call("/json/list")) if t.get("type") == "page"]

    def show_only(self, url: str) -> None:
        """Open ``url`` in a new tab and close every other page: a navigation that works
        whatever the old page is doing (an error page, a frozen script)."""
        old = self.pages()
        self._call("/json/new?" + quote(url, safe=":/?&=%#"), method="PUT")
        for page in old:
            self._call(f"/json/close/{page['id']}")
