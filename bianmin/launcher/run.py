"""The launcher's loop: keep Chromium running, watch the server, move the tab when needed.

- Server down at start: the start page waits and goes on by itself.
- Server goes away (``healthz_misses`` polls in a row fail): the tab goes back to the start
  page, which returns to the hall's page when the server answers again: a fresh load, with
  the new server's scripts and session.
- Chromium exits or crashes: started again after two seconds, its profile marked clean.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from bianmin.launcher.chromium import Tabs, kiosk_flags, mark_clean_exit
from bianmin.launcher.page import start_page_server

log = logging.getLogger("bianmin.launcher")
# the shortest pause between polls of /healthz
MIN_EVERY = 0.2


@dataclass
class LaunchOptions:
    url: str
    browser: str
    profile: Path
    headless: bool = False
    health_url: str | None = None
    every: float = 1.0
    misses: int = 2
    page_port: int = 0


def health_url_of(url: str) -> str:
    """``/healthz`` on the origin of the hall's page."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/healthz", "", ""))


def server_answers(url: str, timeout: float = 2.0) -> bool:
    try:
        with urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (URLError, ConnectionError, OSError, ValueError):
        return False


class Watch:
    """Whether the server answers, from polls of its ``/healthz`` by a daemon thread."""

    def __init__(self, health_url: str, every: float, misses: int) -> None:
        self.health_url = health_url
        # at least 0.2 s between polls, whatever was asked: never a loop hammering the server
        self.every = max(every, MIN_EVERY)
        self.misses = misses
        self.up = False
        self.went_away = threading.Event()

    def run(self) -> None:
        failed = 0
        while True:
            if server_answers(self.health_url):
                if not self.up:
                    log.info("the server answers at %s", self.health_url)
                failed, self.up = 0, True
            else:
                failed += 1
                if self.up and failed >= self.misses:
                    log.warning("the server stopped answering at %s", self.health_url)
                    self.up = False
                    self.went_away.set()
            time.sleep(self.every)


def launch(options: LaunchOptions) -> int:
    """Run until SIGTERM/SIGINT; the browser is restarted whenever it exits."""
    options.profile.mkdir(parents=True, exist_ok=True)
    watch = Watch(options.health_url or health_url_of(options.url), options.every, options.misses)
    threading.Thread(target=watch.run, name="healthz-watch", daemon=True).start()
    page = start_page_server(options.url, lambda: watch.up, options.page_port)
    start_url = f"http://127.0.0.1:{page.server_address[1]}/"
    log.info("start page %s, the hall's page %s", start_url, options.url)

    stopping = threading.Event()

    def stop(*_args: object) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping.is_set():
        browser = _start_browser(options, start_url)
        tabs = Tabs(options.profile)
        if not tabs.wait_for_port():
            log.warning("the browser did not open its DevTools port: tabs will not be moved")
        while browser.poll() is None and not stopping.is_set():
            if watch.went_away.wait(0.5):
                watch.went_away.clear()
                if not _back_to_start(tabs, start_url):
                    # no way to move its tab: a browser started anew opens on the start page
                    log.warning("restarting the browser to show the start page")
                    break
        if browser.poll() is None:
            browser.terminate()
            try:
                browser.wait(10)
            except subprocess.TimeoutExpired:
                browser.kill()
        elif not stopping.is_set():
            log.warning("the browser exited (%s): starting it again", browser.returncode)
            stopping.wait(2)
    page.shutdown()
    return 0


def _start_browser(options: LaunchOptions, start_url: str) -> subprocess.Popen:
    mark_clean_exit(options.profile)
    (options.profile / "DevToolsActivePort").unlink(missing_ok=True)  # a stale port
    command = [options.browser, *kiosk_flags(options.profile, start_url, headless=options.headless)]
    log.info("starting %s", " ".join(command))
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _back_to_start(tabs: Tabs, start_url: str) -> bool:
    """Send the browser's tab to the start page; False if it could not be done."""
    if tabs.port is None:
        return False
    try:
        tabs.show_only(start_url)
    except (URLError, OSError, ValueError) as error:
        log.warning("could not send the browser back to the start page: %s", error)
        return False
    return True
