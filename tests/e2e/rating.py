"""The rating tests' hall: the demo hall with 王丽华 at window 24 and a manager, and the
counter actions that finish a ticket there (over the real HTTP API, as the counter does).

Set DOC_IMAGES=docs/images to also save the screenshots used by docs/ratings.md.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import requests
from playwright.sync_api import Page

from bianmin.catalog.demo import DEMO_CATALOG
from tests.support.cli import run_bianmin
from tests.support.server import RunningServer, start_server

WINDOW = 24
STAFF = "wang"
STAFF_PASSWORD = "chuangkou-24"
EMPLOYEE_NO = "6524017"
MANAGER = "zhuren"
MANAGER_PASSWORD = "guanli-2026"
TABLET = {"width": 1280, "height": 800}
TABLET_PORTRAIT = {"width": 800, "height": 1280}
PHONE = {"width": 390, "height": 844}


def portrait(path: Path) -> Path:
    """A made-up staff photo (a drawn silhouette): what `bianmin staff photo` takes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 360), (214, 228, 242))
    draw = ImageDraw.Draw(image)
    draw.ellipse((95, 60, 205, 180), fill=(92, 110, 130))
    draw.rounded_rectangle((45, 200, 255, 400), radius=90, fill=(10, 90, 168))
    draw.polygon([(130, 200), (150, 250), (170, 200)], fill=(255, 255, 255))
    image.save(path)
    return path


def _cli(instance: Path, *args: str) -> None:
    """``bianmin ARGS`` (in this process: tests/support/cli.py); it must succeed."""
    done = run_bianmin(*args, "--instance", str(instance))
    assert done.returncode == 0, done.stderr


def rating_server(instance: Path, demo_template: Path, env: dict[str, str] | None = None,
                  async_mode: str = "eventlet", hall: str = "demo") -> RunningServer:
    """A hall with a staff member at window 24 and a manager, through the real CLI: the
    demo hall (open mode), or the demo catalog imported as a closed hall ``hall``."""
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    if hall != "demo":
        catalog = Path(__file__).parents[2] / "bianmin" / "catalog" / DEMO_CATALOG
        _cli(instance, "catalog", "import", str(catalog), "--hall", hall, "--name", "示范镇便民服务中心")
    _cli(instance, "staff", "add", STAFF, "--password", STAFF_PASSWORD, "--windows", str(WINDOW),
         "--name", "王丽华", "--employee-no", EMPLOYEE_NO, "--hall", hall)
    _cli(instance, "staff", "photo", STAFF, str(portrait(instance / "wang.png")))
    _cli(instance, "staff", "add", MANAGER, "--password", MANAGER_PASSWORD, "--role", "manager",
         "--name", "李主任", "--hall", hall)
    return start_server(instance, async_mode=async_mode, env={
        "BIANMIN_SECRET_KEY": "rating-e2e", "BIANMIN_PRINTER": "none", **(env or {})})


class Window:
    """The counter of window 24, signed in as 王丽华 (its HTTP session)."""

    def __init__(self, server: RunningServer, hall: str = "demo") -> None:
        self.url = server.url
        self.hall = hall
        self.http = requests.Session()
        self.sign_in()
        catalog = self.http.get(f"{self.url}/api/v1/halls/{hall}/catalog", timeout=10).json()
        self.scenario = next(s for s in catalog["scenarios"] if WINDOW in s["windows"])

    def sign_in(self) -> None:
        answer = self.http.post(f"{self.url}/api/v1/session", timeout=10, json={
            "username": STAFF, "password": STAFF_PASSWORD, "window": WINDOW})
        assert answer.status_code in (200, 201), answer.text

    def sign_out(self) -> None:
        assert self.http.delete(f"{self.url}/api/v1/session", timeout=10).ok

    def take(self) -> dict:
        # as the staff member: a closed hall issues only to its kiosks and its staff
        answer = self.http.post(f"{self.url}/api/v1/halls/{self.hall}/tickets", timeout=10,
                                json={"scenario_id": self.scenario["id"]})
        assert answer.status_code == 201, answer.text
        return answer.json()

    def act(self, action: str, body: dict | None = None) -> dict:
        answer = self.http.post(f"{self.url}/api/v1/windows/{WINDOW}/{action}", timeout=10,
                                json=body or {})
        assert answer.ok, answer.text
        return answer.json()

    def call(self) -> dict:
        """Take a ticket and call it here (the queue has nobody else waiting)."""
        ticket = self.take()
        called = self.act("call-next")
        assert called["id"] == ticket["id"], (called, ticket)
        return ticket

    def finish(self) -> None:
        self.act("finish", {"outcome": "done"})

    def rating(self, ticket_id: int) -> requests.Response:
        return self.http.get(f"{self.url}/api/v1/tickets/{ticket_id}/rating", timeout=10)


def open_tablet(page: Page, server: RunningServer) -> None:
    page.goto(f"{server.url}/rate/{WINDOW}")
    page.wait_for_function("() => document.body.dataset.connection === 'online'", timeout=10000)


def save(page: Page, name: str, *, height: int | None = None) -> None:
    """The viewport; or, with ``height``, the page's top that tall (a phone page scrolls)."""
    target = os.environ.get("DOC_IMAGES")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        clip = None if height is None else {
            "x": 0, "y": 0, "width": page.viewport_size["width"], "height": height}
        page.screenshot(path=str(Path(target) / name), full_page=height is not None, clip=clip)
