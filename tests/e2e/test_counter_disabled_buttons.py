"""The counter's buttons that cannot be pressed now look it (headless Chromium, 1920×1080):
办结 before a call is grey and flat with a not-allowed cursor, and turns green once a
ticket is called; every other disabled action button looks the same grey.

Set DOC_IMAGES=docs/images to keep the screenshots (counter-disabled.png).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.e2e.conftest import open_page
from tests.support.server import RunningServer, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PASSWORD = "chuangkou-1"
SCREEN = {"width": 1920, "height": 1080}
# a clear difference between two colours: the sum of the channel differences (0–765)
CLEARLY = 120


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("counter-disabled")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, windows=[1, 2])
    db.dispose()
    running = start_server(instance, async_mode="threading",
                           env={"BIANMIN_SECRET_KEY": "counter-disabled-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    page, errors = open_page(chromium, SCREEN, has_touch=False)
    yield page
    page.context.close()
    assert errors == [], f"JavaScript errors or CSP violations on the counter: {errors}"


STYLE = """
(el) => {
  const s = getComputedStyle(el);
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  return {disabled: el.disabled, background: rgb(s.backgroundColor), color: rgb(s.color),
          opacity: parseFloat(s.opacity), cursor: s.cursor, border: s.borderTopStyle};
}
"""


def style(page: Page, action: str) -> dict:
    return page.locator(f"[data-action={action}]").evaluate(STYLE)


def distance(a: list[float], b: list[float]) -> float:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


def grey(rgb: list[float]) -> bool:
    return max(rgb) - min(rgb) <= 32  # a blue-grey counts; the 办结 green is 95 apart


def save(page: Page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(Path(os.environ.get("DOC_IMAGES") or tmp_path) / name))


def test_disabled_buttons_look_disabled(page: Page, server: RunningServer, tmp_path: Path) -> None:
    catalog = requests.get(f"{server.url}/api/v1/halls/demo/catalog", timeout=10).json()
    scenario = next(s for s in catalog["scenarios"] if s["queue"]["prefix"] == "A")
    taken = requests.post(f"{server.url}/api/v1/halls/demo/tickets", timeout=10, json={"scenario_id": scenario["id"]})
    assert taken.status_code == 201, taken.text

    page.goto(f"{server.url}/counter/")
    page.fill("input[name=username]", "zhang")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=window]", "1")
    page.click("button[type=submit]")
    page.wait_for_url("**/counter/window")
    expect(page.locator("#counts")).to_contain_text("今日")
    finish = page.locator("[data-action=finish]")
    expect(finish).to_be_disabled()
    expect(page.locator("[data-action=call]")).to_be_enabled()
    save(page, tmp_path, "counter-disabled.png")

    off = style(page, "finish")
    call = style(page, "call")  # an enabled coloured button, for comparison
    pause = style(page, "pause")  # an enabled plain one
    disabled = {name: style(page, name) for name in ("recall", "start", "noShow", "transfer")}

    # greyed, flat, dashed, with a not-allowed cursor: not a paler version of its colour
    assert off["cursor"] == "not-allowed" and call["cursor"] == "pointer"
    assert grey(off["background"]) and grey(off["color"]), off
    assert off["border"] == "dashed" and call["border"] == "solid"
    assert distance(off["background"], call["background"]) >= CLEARLY
    # its text still readable (not faded out), but clearly not white-on-colour
    assert off["opacity"] == 1 and distance(off["color"], call["color"]) >= CLEARLY
    # every disabled action looks alike, and unlike the enabled plain 暂停服务
    for name, look in disabled.items():
        assert look["disabled"], name
        assert (look["background"], look["color"], look["cursor"]) == (off["background"], off["color"], "not-allowed"), name
    assert distance(pause["background"], off["background"]) >= 30 and pause["border"] == "solid"
    assert distance(pause["color"], off["color"]) >= 60

    # after a call, 办结 is enabled and green again
    page.keyboard.press("F1")
    expect(page.locator(".c-number")).to_have_text(taken.json()["number"])
    expect(finish).to_be_enabled()
    on = style(page, "finish")
    save(page, tmp_path, "counter-enabled.png")
    assert on["cursor"] == "pointer" and on["border"] == "solid"
    assert on["background"][1] > on["background"][0] + 40, f"办结 enabled is green: {on}"
    assert distance(on["background"], off["background"]) >= CLEARLY
    assert not grey(on["background"])
