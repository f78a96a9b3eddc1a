#!/usr/bin/env python3
"""Screenshots of the kiosk for docs/kiosk.md and the README, taken from a real server.

    .venv/bin/python scripts/screenshots.py [--out docs/images]

Starts two throw-away ``bianmin serve`` processes with the demo hall (one printing to
preview files, one whose printer is a closed TCP port), drives Debian's Chromium through
the screens in portrait (1080×1920) and landscape (1920×1080), and writes kiosk-*.png
and the device enrolment page enrol-*.png (``--only enrol`` for those alone).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

from tests.e2e.kiosk import CHROMIUM, CHROMIUM_ARGS, LANDSCAPE, PORTRAIT, Kiosk  # noqa: E402
from tests.support.server import free_port, start_server  # noqa: E402

# 出生登记: the search example of the brief; the other one has a 需要去连队/社区申请 notice
PLAIN = "出生登记"
WITH_NOTICE = "对申请困难残疾人生活补贴的初审"


def kiosk_in(browser: Browser, url: str, viewport: dict[str, int]) -> Kiosk:
    context = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=True)
    return Kiosk(context.new_page(), url)


def save(page: Page, out: Path, name: str) -> None:
    path = out / f"kiosk-{name}.png"
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def open_scenario(kiosk: Kiosk, initials: str, name: str) -> None:
    kiosk.open()
    kiosk.tap('.key[data-key="clear"]')  # the visit's search text survives a reload
    kiosk.type(initials)
    kiosk.tap(kiosk.result(name))
    expect(kiosk.page.locator(".scn-name")).to_have_text(name)


def take_ticket(kiosk: Kiosk, final_text: str) -> None:
    kiosk.tap(".take-normal")
    expect(kiosk.page.locator(".tkt-print")).to_have_text(final_text, timeout=5000)
    kiosk.page.wait_for_function("() => [...document.images].every(i => i.complete)")


def shoot(browser: Browser, url: str, failing_url: str, out: Path) -> None:
    portrait = kiosk_in(browser, url, PORTRAIT)
    portrait.open()
    save(portrait.page, out, "home")
    portrait.type("gaoling")
    expect(portrait.candidate("高龄")).to_be_visible()
    save(portrait.page, out, "search-portrait")
    open_scenario(portrait, "csdj", PLAIN)
    save(portrait.page, out, "scenario-portrait")
    take_ticket(portrait, "请取走您的排队小票")
    save(portrait.page, out, "ticket-portrait")

    elder = kiosk_in(browser, url, PORTRAIT)
    elder.open()
    elder.tap("[data-action=elder]")
    open_scenario(elder, "kncjrshbt", WITH_NOTICE)
    save(elder.page, out, "elder-portrait")

    landscape = kiosk_in(browser, url, LANDSCAPE)
    landscape.open()
    save(landscape.page, out, "home-landscape")
    open_scenario(landscape, "kncjrshbt", WITH_NOTICE)
    save(landscape.page, out, "scenario-landscape")
    take_ticket(landscape, "请取走您的排队小票")
    save(landscape.page, out, "ticket-landscape")

    failing = kiosk_in(browser, failing_url, PORTRAIT)
    open_scenario(failing, "csdj", PLAIN)
    take_ticket(failing, "打印失败，您的号码仍然有效，请拍照或扫码保存")
    save(failing.page, out, "print-failed")


def shoot_enrol(browser: Browser, url: str, out: Path) -> None:
    """The enrolment page with a code half typed, in portrait and in landscape."""
    for name, viewport in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        page = browser.new_context(viewport=viewport, locale="zh-CN", has_touch=True).new_page()
        page.goto(f"{url}/enrol/")
        for digit in "20461":
            page.locator(f'.en-key[data-key="{digit}"]').tap()
        expect(page.locator(".en-digit.filled")).to_have_count(5)
        path = out / f"enrol-{name}.png"
        page.screenshot(path=str(path), animations="disabled", caret="hide")
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        page.context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "images"))
    parser.add_argument("--only", choices=["kiosk", "enrol"], help="one set of screenshots")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bianmin-shots-") as tmp:
        env = {"BIANMIN_SECRET_KEY": "screenshots", "BIANMIN_KIOSK_IDLE_SECONDS": "600"}
        server = start_server(Path(tmp) / "ok", env=env)
        failing = start_server(Path(tmp) / "failing", env={
            **env, "BIANMIN_PRINTER": f"tcp://127.0.0.1:{free_port()}"})
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                if args.only != "enrol":
                    shoot(browser, server.url, failing.url, out)
                if args.only != "kiosk":
                    shoot_enrol(browser, server.url, out)
                browser.close()
        finally:
            server.stop()
            failing.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
