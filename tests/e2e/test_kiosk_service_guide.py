"""The kiosk shows a scenario's service guide (办事指南) and sends a visitor asking for a
withdrawn matter elsewhere, with no 取号 button: a real server with the guide hall
(tests/data/guide_catalog.txt) beside the demo hall, headless Chromium.

With DOC_IMAGES=docs/images it keeps the screenshots of docs/kiosk.md
(kiosk-guide-*.png, kiosk-withdrawn-*.png).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bianmin.db import Database
from tests.e2e.conftest import open_page
from tests.e2e.kiosk import LANDSCAPE, PORTRAIT
from tests.support.guide_hall import HALL, NO_GUIDE, WITH_GUIDE, add_guide_hall
from tests.support.server import RunningServer, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.server]

MIN_TOUCH_PX = 60
MIN_TEXT_PX = 18.0


@pytest.fixture(scope="module")
def guide_server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("guide")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    add_guide_hall(db)
    db.dispose()
    server = start_server(instance, env={"BIANMIN_SECRET_KEY": "e2e", "BIANMIN_OPEN_KIOSKS": "true"})
    yield server
    server.stop()


def shot(page: Page, tmp_path: Path, name: str) -> Path:
    path = Path(os.environ.get("DOC_IMAGES") or tmp_path) / name
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    return path


def small_controls(page: Page) -> list[dict]:
    return page.evaluate(
        """(min) => [...document.querySelectorAll('button, summary, a')]
            .filter(el => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
            .map(el => { const r = el.getBoundingClientRect();
                         return {text: el.innerText.trim().slice(0, 20), height: r.height}; })
            .filter(c => c.height > 0 && c.height < min)""", MIN_TOUCH_PX)


def small_text(page: Page, selector: str, least: float = MIN_TEXT_PX) -> list[str]:
    return page.evaluate(
        """([sel, min]) => [...document.querySelectorAll(sel)]
            .filter(el => el.offsetParent !== null && parseFloat(getComputedStyle(el).fontSize) < min)
            .map(el => el.innerText.trim().slice(0, 20))""", [selector, least])


def inside_screen(page: Page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; }""",
        selector)


def test_the_scenario_page_opens_its_service_guide(chromium: Browser, guide_server: RunningServer,
                                                   tmp_path: Path) -> None:
    page, errors = open_page(chromium, LANDSCAPE)
    try:
        page.goto(f"{guide_server.url}/kiosk/{HALL}/")
        page.locator('.key[data-key="g"]').wait_for()
        for letter in "grzh":  # 个人账户…
            page.locator(f'.key[data-key="{letter}"]').tap()
        page.locator(f'.item:has(.item-name:text-is("{WITH_GUIDE}"))').tap()
        opener = page.locator(".scn-guide-open")
        expect(opener).to_contain_text("查看办事指南")
        expect(opener).to_contain_text("依据、受理条件、办理流程、收费、办理地点、办理时间、结果送达、咨询方式")
        expect(page.locator(".take-normal")).to_be_visible()  # handled here: 取号 as always
        shot(page, tmp_path, "kiosk-guide-scenario-landscape.png")
        opener.tap()
        sections = page.locator(".guide-dialog .guide-sec")
        expect(sections).to_have_count(8)
        labels = page.locator(".guide-dialog .guide-label > span:first-child").all_inner_texts()
        assert labels == ["依据", "受理条件", "办理流程", "收费", "办理地点", "办理时间", "结果送达", "咨询方式"]
        # long sections start collapsed behind their title, short ones open
        opened = [s.evaluate("el => el.open") for s in sections.all()]
        assert opened == [False, True, True, True, True, True, True, True]
        expect(page.locator('.guide-sec[data-key="procedure"] .guide-text p')).to_have_count(3)
        page.locator('.guide-sec[data-key="basis"] .guide-label').tap()
        expect(page.locator('.guide-sec[data-key="basis"] .guide-text')).to_contain_text("中华人民共和国社会保险法")
        assert small_controls(page) == []
        assert small_text(page, ".guide-text p, .guide-label") == []
        shot(page, tmp_path, "kiosk-guide-landscape.png")
        page.locator(".guide-close").tap()
        expect(page.locator(".guide-dialog")).to_have_count(0)
        # 长辈模式: the same panel, larger, still whole on the screen
        page.locator(".k-elder").tap()
        opener.tap()
        expect(page.locator(".guide-dialog .guide-sec")).to_have_count(8)
        assert small_controls(page) == []
        assert small_text(page, ".guide-text p, .guide-label", least=23.0) == []
        assert inside_screen(page, ".guide-box") and inside_screen(page, ".guide-close")
        expect(page.locator(".guide-dialog .pager-next")).to_be_visible()  # pages, never scrolls the screen
        page.locator(".guide-close").tap()
        page.locator(".k-elder").tap()
        # a scenario without a guide shows no button
        page.goto(f"{guide_server.url}/kiosk/{HALL}/")
        for letter in "zgcb":  # 职工参保
            page.locator(f'.key[data-key="{letter}"]').tap()
        page.locator(f'.item:has(.item-name:text-is("{NO_GUIDE}"))').tap()
        expect(page.locator(".take-normal")).to_be_visible()
        expect(page.locator(".scn-guide-open")).to_have_count(0)
    finally:
        page.context.close()
    assert not errors, errors


def test_a_withdrawn_matter_says_where_to_go_and_offers_no_ticket(chromium: Browser, guide_server: RunningServer,
                                                                  tmp_path: Path) -> None:
    page, errors = open_page(chromium, PORTRAIT)
    try:
        page.goto(f"{guide_server.url}/kiosk/{HALL}/")
        page.locator('.key[data-key="y"]').wait_for()
        for letter in "yljz":  # 医疗救助
            page.locator(f'.key[data-key="{letter}"]').tap()
        row = page.locator('.item:has(.item-name:text-is("医疗救助待遇审批"))')
        expect(row.locator(".item-meta")).to_have_text("本中心不再受理，请到：师市医疗保障局")
        shot(page, tmp_path, "kiosk-withdrawn-search-portrait.png")
        row.tap()
        expect(page.locator(".withdrawn-title")).to_have_text("本中心不再受理")
        expect(page.locator(".withdrawn-where")).to_have_text("请到：师市医疗保障局")
        expect(page.locator(".take, .take-normal, .take-green")).to_have_count(0)
        assert small_controls(page) == []
        assert small_text(page, ".withdrawn-box p") == []
        shot(page, tmp_path, "kiosk-withdrawn-portrait.png")
        page.locator(".withdrawn-back").tap()
        expect(page.locator(".home")).to_be_visible()
    finally:
        page.context.close()
    assert not errors, errors
