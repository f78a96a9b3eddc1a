"""The lobby screen's geometry in headless Chromium at 1920×1080: a 最近叫号 row with a 重呼
tag keeps its time whole, and a queue whose name is too long for its tile keeps the size of
the others (an ellipsis, not a smaller font).

Set DOC_IMAGES=docs/images to keep the screenshot (lobby-recall.png).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update

from bianmin.catalog.models import WindowGroup
from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.e2e.conftest import open_page
from tests.e2e.kiosk import LANDSCAPE
from tests.support.server import RunningServer, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PASSWORD = "chuangkou-1"
# queue O (天然气, window 23) gets a field of service longer than any tile; the demo hall's
# longest, 退役军人服务 (queue C), must still fit whole
LONG_DOMAIN = "退役军人事务与优抚安置综合服务"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("lobby-layout")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    add_staff(db, hall_code="demo", username="duty", password=PASSWORD)
    with db.write() as session:
        session.execute(update(WindowGroup).where(WindowGroup.prefix == "O").values(domain=LONG_DOMAIN))
    db.dispose()
    running = start_server(instance, async_mode="threading",
                           env={"BIANMIN_SECRET_KEY": "lobby-layout-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.fixture
def lobby(chromium: Browser) -> Iterator[Page]:
    page, errors = open_page(chromium, LANDSCAPE, has_touch=False)
    yield page
    page.context.close()
    assert errors == [], errors


def call(server: RunningServer, prefix: str, window: int, *, recalls: int = 0) -> str:
    """Take a ticket of queue ``prefix`` and call it at ``window`` (then recall it)."""
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    scenario = next(s for s in catalog["scenarios"] if s["queue"]["prefix"] == prefix)
    taken = requests.post(f"{server.url}/api/v1/halls/demo/tickets", timeout=10,
                          json={"scenario_id": scenario["id"]})
    assert taken.status_code == 201, taken.text
    staff = requests.Session()
    signed = staff.post(f"{server.url}/api/v1/session", timeout=10,
                        json={"username": "duty", "password": PASSWORD, "window": window})
    assert signed.status_code == 200, signed.text
    for action in ["call-next"] + ["recall"] * recalls:
        done = staff.post(f"{server.url}/api/v1/windows/{window}/{action}", json={}, timeout=10)
        assert done.status_code == 200, done.text
    return taken.json()["number"]


# every recent row: its parts, and whether the time is whole and inside the row
ROWS = """
() => [...document.querySelectorAll("#recent-list .l-recent-item")].map((row) => {
  const r = row.getBoundingClientRect();
  const time = row.querySelector(".l-r-time");
  const t = time.getBoundingClientRect();
  const tag = row.querySelector(".recall-tag");
  return {
    text: row.innerText.replace(/\\s+/g, " ").trim(),
    recall: Boolean(tag),
    tagInside: !tag || (tag.getBoundingClientRect().right <= t.left),
    timeInside: t.left >= r.left && t.right <= r.right + 0.5 && t.width > 0,
    timeWhole: time.scrollWidth <= time.clientWidth,
    rowWhole: row.scrollWidth <= row.clientWidth,
    rowSize: parseFloat(getComputedStyle(row).fontSize),
    window: row.querySelector(".l-r-window").innerText,
  };
})
"""

# every queue tile's name: its font size, and whether it is cut (then with an ellipsis)
QUEUES = """
() => [...document.querySelectorAll("#queue-list .l-q-domain")].map((name) => {
  const s = getComputedStyle(name);
  const tile = name.closest(".l-queue").getBoundingClientRect();
  const r = name.getBoundingClientRect();
  return {text: name.textContent, w: [name.scrollWidth, name.clientWidth], size: parseFloat(s.fontSize), cut: name.scrollWidth > name.clientWidth,
          ellipsis: s.textOverflow === "ellipsis", inside: r.left >= tile.left && r.right <= tile.right + 0.5};
})
"""


def test_recent_calls_keep_their_time_and_queue_names_their_size(
    server: RunningServer, lobby: Page, tmp_path: Path,
) -> None:
    recalled = call(server, "R", 26, recalls=2)  # 26号窗口: a two-digit window, recalled
    call(server, "A", 1)
    latest = call(server, "C", 4)

    lobby.goto(f"{server.url}/display/demo/lobby")
    overlay = lobby.locator("#voice-overlay")
    if overlay.is_visible():
        overlay.click()
    expect(lobby.locator("#now-number")).to_have_text(latest)
    rows_locator = lobby.locator("#recent-list .l-recent-item")
    expect(rows_locator.first).to_contain_text("1号窗口")
    shot = Path(os.environ.get("DOC_IMAGES") or tmp_path) / "lobby-recall.png"
    lobby.screenshot(path=str(shot), animations="disabled")

    rows = lobby.evaluate(ROWS)
    with_tag = [row for row in rows if row["recall"]]
    assert with_tag and with_tag[0]["text"].startswith(recalled), rows
    for row in rows:
        assert row["timeInside"] and row["timeWhole"], f"time cut off: {row}"
        assert row["rowWhole"] and row["tagInside"], f"row overflows: {row}"
        assert row["window"].endswith("号窗口"), row  # the window's label stays readable
    assert len({row["rowSize"] for row in rows}) == 1, rows

    queues = lobby.evaluate(QUEUES)
    sizes = {q["size"] for q in queues}
    assert len(sizes) == 1, f"queue names of different sizes: {queues}"
    long_one = next(q for q in queues if q["text"] == LONG_DOMAIN)
    assert long_one["cut"] and long_one["ellipsis"] and long_one["inside"], long_one
    # the demo hall's own names all fit whole
    assert [q for q in queues if q["cut"] and q["text"] != LONG_DOMAIN] == []
