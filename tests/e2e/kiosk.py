"""The kiosk as a visitor uses it: taps on the on-screen keyboard, tiles and buttons."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect

HALL = "demo"

# Debian's Chromium, as root in a container (docs/kiosk.md); shared with scripts/screenshots.py
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
ORIENTATIONS = {"portrait": PORTRAIT, "landscape": LANDSCAPE}


@dataclass
class Kiosk:
    page: Page
    url: str

    def open(self, path: str = "/") -> Kiosk:
        self.page.goto(f"{self.url}/kiosk/{HALL}{path}")
        expect(self.page.locator(".k-view > :not(.k-loading)").first).to_be_visible()
        return self

    def tap(self, target: str | Locator) -> None:
        locator = self.page.locator(target) if isinstance(target, str) else target
        locator.tap()

    def type(self, letters: str) -> None:
        """Tap the on-screen keys one by one, as a visitor does."""
        for letter in letters:
            self.tap(f'.key[data-key="{letter}"]')

    def field_text(self) -> str:
        return self.page.locator(".search-field").inner_text().replace("\n", "").strip()

    def result(self, name: str) -> Locator:
        """A scenario row in a result or browse list, by its exact name."""
        return self.page.locator(f'.item:has(.item-name:text-is("{name}"))')

    def candidate(self, word: str) -> Locator:
        return self.page.locator(f'.ime-cand:text-is("{word}")')

    def screen(self) -> str:
        return self.page.locator("body").get_attribute("data-screen") or ""

    def visible_controls(self) -> list[dict]:
        """Every visible button and link with its size, for the touch-target rule."""
        return self.page.evaluate(
            """() => [...document.querySelectorAll('button, a, [role=button]')]
                .filter(el => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
                .map(el => { const r = el.getBoundingClientRect();
                             return {text: el.innerText.trim().slice(0, 20), width: r.width, height: r.height}; })
                .filter(c => c.width > 0 && c.height > 0)"""
        )
