"""The lobby speaks: headless Chromium fetches each call's WAV from the server and plays it.

Chromium is started with ``--autoplay-policy=no-user-gesture-required`` (as a hall's lobby
PC is, docs/display.md), so no click is needed. Headless Chromium has no Chinese voice: a
failing audio therefore falls back to the chime alone, which ``hallAnnouncer.history`` says.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.e2e.kiosk import CHROMIUM, CHROMIUM_ARGS, LANDSCAPE
from tests.e2e.test_display_screens import PASSWORD, Desk, on_websocket, take
from tests.support.server import RunningServer, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.server]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[RunningServer]:
    instance = tmp_path_factory.mktemp("voice")
    shutil.copy(demo_template, instance / "bianmin.sqlite3")
    db = Database(f"sqlite:///{instance / 'bianmin.sqlite3'}")
    add_staff(db, hall_code="demo", username="duty", password=PASSWORD)
    db.dispose()
    running = start_server(instance, async_mode="threading",
                           env={"BIANMIN_SECRET_KEY": "voice-e2e", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser(chromium: Browser) -> Iterator[Browser]:
    """A second Chromium of the session's Playwright (one per process), autoplay allowed."""
    launched = chromium.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"])
    yield launched
    launched.close()


@pytest.fixture
def lobby(browser: Browser, server: RunningServer) -> Iterator[Page]:
    context = browser.new_context(viewport=LANDSCAPE, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.url}/display/demo/lobby")
    expect(page.locator("#voice-overlay")).to_be_hidden()  # autoplay allowed: no click needed
    on_websocket(page)
    yield page
    context.close()
    assert errors == [], errors


def call(server: RunningServer, window: int) -> Desk:
    """Call the next ticket at ``window``, sending off the one it had (if any) first."""
    desk = Desk(server, window)
    desk.http.post(f"{desk.url}/no-show", json={}, timeout=10)  # 409 when it had none
    desk.act("call-next")
    return desk


def history(page: Page) -> list[dict]:
    return page.evaluate("() => hallAnnouncer.history.map(h => ({...h}))")


def wait_for_announcements(page: Page, count: int) -> list[dict]:
    page.wait_for_function(
        f"() => hallAnnouncer.history.length === {count} && hallAnnouncer.history[{count - 1}].endedAt",
        timeout=40000)
    return history(page)


def test_a_call_is_heard_from_the_servers_audio_to_its_end(lobby: Page, server: RunningServer) -> None:
    number = take(server, "B")
    with lobby.expect_response(lambda r: "/announcements/" in r.url) as answer:
        call(server, 3)
    assert answer.value.status == 200
    assert answer.value.headers["content-type"] == "audio/wav"
    assert answer.value.url.endswith(f"/api/v1/halls/demo/announcements/{number}/3.wav")
    [entry] = wait_for_announcements(lobby, 1)
    assert entry["text"] == f"请{number}号到3号窗口办理"
    assert entry["chimed"] is True
    assert entry["way"] == "audio" and entry["audioError"] is None, str(entry)
    [play] = entry["plays"]
    assert play["ended"] is True and play["error"] is None
    assert 2.0 <= play["duration"] <= 8.0
    # it really played for about its length, after the chime
    heard = (play["endedAt"] - play["startedAt"]) / 1000
    assert play["duration"] - 0.5 <= heard <= play["duration"] + 2.0, heard
    assert play["startedAt"] >= entry["startedAt"] + 1400


def test_two_quick_calls_are_heard_one_after_the_other(lobby: Page, server: RunningServer) -> None:
    first, second = take(server, "C"), take(server, "B")
    call(server, 4)
    call(server, 3)
    entries = wait_for_announcements(lobby, 2)
    assert [e["number"] for e in entries] == [first, second]
    assert [e["way"] for e in entries] == ["audio", "audio"]
    assert all(e["plays"][0]["ended"] for e in entries)
    # never on top of each other: the second's chime starts after the first's audio ended
    assert entries[1]["startedAt"] >= entries[0]["plays"][0]["endedAt"]
    assert entries[1]["plays"][0]["startedAt"] > entries[0]["endedAt"]


def test_a_recall_is_heard_as_such(lobby: Page, server: RunningServer) -> None:
    number = take(server, "C")
    call(server, 4).act("recall")
    entries = wait_for_announcements(lobby, 2)
    assert entries[1]["recall"] is True and entries[1]["audioUrl"].endswith(f"/{number}/4.wav?recall=1")
    assert entries[1]["way"] == "audio" and entries[1]["plays"][0]["ended"]
    assert entries[1]["plays"][0]["duration"] > entries[0]["plays"][0]["duration"]


def test_a_sentence_is_repeated_as_the_setting_says(lobby: Page, server: RunningServer) -> None:
    # the page's config carries announce_repeat (tested in test_voice_api.py); here: 2
    lobby.evaluate("() => { hallAnnouncer.repeat = 2; }")
    fetched: list[str] = []
    lobby.on("request", lambda r: fetched.append(r.url) if "/announcements/" in r.url else None)
    take(server, "B")
    call(server, 3)
    [entry] = wait_for_announcements(lobby, 1)
    first, second = entry["plays"]
    assert first["ended"] and second["ended"] and entry["way"] == "audio"
    assert second["startedAt"] >= first["endedAt"] + 400  # the 0.5 s pause between them
    assert len(fetched) == 1  # fetched once, played twice


@pytest.mark.parametrize(("answer", "error"), [
    ({"status": 500, "body": "{}", "content_type": "application/json"}, "HTTP 500"),
    ({"status": 200, "body": b"not a wav file", "content_type": "audio/wav"}, "media error"),
])
def test_audio_that_fails_falls_back_to_the_voice_then_the_chime(
    lobby: Page, server: RunningServer, answer: dict, error: str
) -> None:
    def broken(route: Route) -> None:
        route.fulfill(**answer)

    lobby.route("**/announcements/**", broken)
    number = take(server, "B")
    call(server, 3)
    [entry] = wait_for_announcements(lobby, 1)
    assert entry["number"] == number
    assert entry["audioError"].startswith(error), entry
    assert not any(p["ended"] for p in entry["plays"])
    # headless Chromium has no Chinese voice: the chime alone remains, and the queue goes on
    assert entry["spoken"] is False and entry["way"] == "chime" and entry["chimed"] is True
    lobby.unroute("**/announcements/**")
    take(server, "B")
    call(server, 3)
    later = wait_for_announcements(lobby, 2)[1]
    assert later["way"] == "audio" and later["plays"][0]["ended"]
