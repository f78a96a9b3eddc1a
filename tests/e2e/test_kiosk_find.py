"""Issue 2: a visitor finds their matter on the touch kiosk, in portrait and landscape."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.kiosk import Kiosk

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def scenario_named(catalog: dict, name: str) -> dict:
    return next(s for s in catalog["scenarios"] if s["name"] == name)


def test_initials_typed_on_screen_keyboard_find_birth_registration(kiosk: Kiosk, catalog: dict) -> None:
    kiosk.open()
    kiosk.type("csdj")
    assert kiosk.field_text() == "csdj"
    kiosk.tap(kiosk.result("出生登记"))

    expected = scenario_named(catalog, "出生登记")
    page = kiosk.page
    expect(page).to_have_url(re.compile(rf"/kiosk/demo/scenario/{expected['id']}$"))
    expect(page.locator(".scn-name")).to_have_text("出生登记")
    expect(page.locator(".scn-windows")).to_have_text("24号窗口")
    items = page.locator(".checklist li")
    expect(items).to_have_count(len(expected["materials"]))
    assert items.all_inner_texts() == expected["materials"]
    expect(page.locator(".scn-list-title")).to_have_text(f"请带齐以下材料（共 {len(expected['materials'])} 项）")
    expect(page.locator(".fact", has_text="办理时限")).to_contain_text(expected["time_limit"]["text"])
    expect(page.locator(".fact", has_text="咨询电话")).to_contain_text(expected["phone"])
    expect(page.locator(".take-normal")).to_be_enabled()


def test_pinyin_then_candidate_word_replaces_the_letters(kiosk: Kiosk, kiosk_server) -> None:  # type: ignore[no-untyped-def]
    kiosk.open()
    kiosk.type("gaoling")
    kiosk.tap(kiosk.candidate("高龄"))
    expect(kiosk.page.locator(".search-text")).to_have_text("高龄")
    expect(kiosk.page.locator(".search-pending")).to_have_text("")

    expected = requests.get(f"{kiosk_server.url}/api/v1/halls/demo/catalog/search",
                            params={"q": "高龄", "limit": 60}, timeout=10).json()["results"]
    assert expected, "the demo catalog has scenarios about 高龄"
    # retried until the answer for 高龄 (not the one for gaoling) is on screen
    expect(kiosk.page.locator(".item-name")).to_have_text([r["name"] for r in expected])


def test_a_candidate_replaces_only_the_letters_it_stands_for(portrait_kiosk: Kiosk) -> None:
    kiosk = portrait_kiosk.open()
    kiosk.type("gaolingbutie")
    kiosk.tap(kiosk.candidate("高龄"))
    expect(kiosk.page.locator(".search-text")).to_have_text("高龄")
    expect(kiosk.page.locator(".search-pending")).to_have_text("butie")
    kiosk.tap(kiosk.candidate("补贴"))
    assert kiosk.field_text() == "高龄补贴"
    expected = requests.get(f"{kiosk.url}/api/v1/halls/demo/catalog/search",
                            params={"q": "高龄补贴", "limit": 60}, timeout=10).json()["results"]
    assert expected
    expect(kiosk.page.locator(".item-name")).to_have_text([r["name"] for r in expected])


def test_candidates_of_an_older_text_are_never_offered(portrait_kiosk: Kiosk) -> None:
    """高龄 for `gaolin` stands for 6 letters; tapped after one more key it would leave a `g`."""
    kiosk = portrait_kiosk.open()
    kiosk.type("gaolin")
    expect(kiosk.candidate("高龄")).to_be_visible()
    kiosk.type("g")
    # checked at once, inside the 150 ms before the new answer can be asked for
    assert kiosk.page.locator(".ime-cand").count() == 0
    kiosk.tap(kiosk.candidate("高龄"))
    assert kiosk.field_text() == "高龄"


def test_backspace_and_clear_keys_edit_the_search(portrait_kiosk: Kiosk) -> None:
    kiosk = portrait_kiosk.open()
    kiosk.type("csdjx")
    kiosk.tap('.key[data-key="backspace"]')
    assert kiosk.field_text() == "csdj"
    expect(kiosk.result("出生登记")).to_be_visible()
    kiosk.tap('.key[data-key="clear"]')
    expect(kiosk.page.locator(".search-placeholder")).to_be_visible()
    expect(kiosk.page.locator(".panel-title")).to_have_text("按类别查找")


def test_letters_without_match_say_what_to_do(portrait_kiosk: Kiosk) -> None:
    kiosk = portrait_kiosk.open()
    kiosk.type("zzzzq")
    expect(kiosk.page.locator(".panel-title")).to_have_text("没有找到")
    expect(kiosk.page.locator(".panel-note")).to_contain_text("按类别查找")


def test_browse_by_domain_lists_exactly_its_scenarios(kiosk: Kiosk, catalog: dict) -> None:
    kiosk.open()
    domain = "户籍"
    expected = [s["name"] for s in catalog["scenarios"] if s["domain"] == domain]
    assert expected
    tile = kiosk.page.locator(f'.tile[data-domain="{domain}"]')
    expect(tile.locator(".tile-count")).to_have_text(f"{len(expected)} 项")
    kiosk.tap(tile)

    expect(kiosk.page.locator(".list-title")).to_have_text(domain)
    expect(kiosk.page.locator(".item-name")).to_have_text(expected)

    kiosk.tap(kiosk.result("出生登记"))
    expect(kiosk.page.locator(".scn-name")).to_have_text("出生登记")
    kiosk.tap("[data-action=back]")
    expect(kiosk.page.locator(".list-title")).to_have_text(domain)
    kiosk.tap("[data-action=back]")
    expect(kiosk.page.locator(".panel-title")).to_have_text("按类别查找")
    assert kiosk.screen() == "home"


def test_browse_by_window(portrait_kiosk: Kiosk, catalog: dict) -> None:
    kiosk = portrait_kiosk.open()
    kiosk.tap(".tile-windows")
    queue = next(q for q in catalog["queues"] if q["windows"] == [24])
    kiosk.tap(f'.item[data-queue-id="{queue["id"]}"]')
    expected = [s["name"] for s in catalog["scenarios"] if s["queue"]["id"] == queue["id"]]
    expect(kiosk.page.locator(".item-name")).to_have_count(len(expected))
    expect(kiosk.result("出生登记")).to_be_visible()


def test_search_survives_the_round_trip_to_a_scenario(portrait_kiosk: Kiosk) -> None:
    kiosk = portrait_kiosk.open()
    kiosk.type("csdj")
    kiosk.tap(kiosk.result("出生登记"))
    kiosk.tap("[data-action=back]")
    assert kiosk.field_text() == "csdj"
    expect(kiosk.result("出生登记")).to_be_visible()


def font_px(kiosk: Kiosk, selector: str) -> float:
    return kiosk.page.locator(selector).first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")


def test_elderly_mode_enlarges_text_across_screens(kiosk: Kiosk) -> None:
    kiosk.open()
    toggle = kiosk.page.locator("[data-action=elder]")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    tile_before = font_px(kiosk, ".tile-name")
    key_before = font_px(kiosk, ".key")

    kiosk.tap(toggle)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    assert font_px(kiosk, ".tile-name") >= 1.25 * tile_before
    assert font_px(kiosk, ".key") >= 1.25 * key_before

    # remembered on the next screen, and after a reload of the same visit
    kiosk.type("csdj")
    kiosk.tap(kiosk.result("出生登记"))
    checklist_elder = font_px(kiosk, ".checklist li")
    kiosk.page.reload()
    expect(kiosk.page.locator(".scn-name")).to_have_text("出生登记")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    kiosk.tap(toggle)
    assert checklist_elder >= 1.25 * font_px(kiosk, ".checklist li")


def test_long_checklist_pages_with_big_buttons(portrait_kiosk: Kiosk, catalog: dict) -> None:
    longest = max(catalog["scenarios"], key=lambda s: sum(len(m) for m in s["materials"]))
    kiosk = portrait_kiosk.open()
    kiosk.tap("[data-action=elder]")
    kiosk.open(f"/scenario/{longest['id']}")
    body = kiosk.page.locator(".scn-list .pager-body")
    nav = kiosk.page.locator(".scn-list .pager-nav")
    expect(nav).to_be_visible()
    expect(nav.locator(".pager-info")).to_contain_text("第 1/")
    expect(nav.locator(".pager-prev")).to_be_disabled()
    kiosk.tap(nav.locator(".pager-next"))
    expect(nav.locator(".pager-info")).to_contain_text("第 2/")
    assert body.evaluate("el => el.scrollTop") > 0
    expect(nav.locator(".pager-prev")).to_be_enabled()


def test_unknown_hall_gets_a_chinese_404_page(portrait_kiosk: Kiosk) -> None:
    response = portrait_kiosk.page.goto(f"{portrait_kiosk.url}/kiosk/no-such-hall/")
    assert response is not None and response.status == 404
    expect(portrait_kiosk.page.locator("h1")).to_contain_text("没有找到这个服务中心")
    expect(portrait_kiosk.page.locator("a")).to_have_text("返回首页")


def test_root_and_kiosk_root_open_the_default_hall(portrait_kiosk: Kiosk) -> None:
    page = portrait_kiosk.page
    page.goto(portrait_kiosk.url + "/")
    expect(page).to_have_url(f"{portrait_kiosk.url}/kiosk/demo/")
    expect(page.locator(".k-hall")).to_have_text("六十二团便民服务中心")
    page.goto(portrait_kiosk.url + "/kiosk/")
    expect(page).to_have_url(f"{portrait_kiosk.url}/kiosk/demo/")
