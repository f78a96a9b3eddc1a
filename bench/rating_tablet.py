"""The rating tablet's wake: from sending 办结 at window 24 to the tablet showing the ticket.

    python bench/rating_tablet.py                    # eventlet, 40 finishes
    python bench/rating_tablet.py --finishes 100 --async-mode threading

Starts a real `bianmin serve` on a copy of the demo hall with a staff member at window 24,
opens /rate/24 in headless Chromium, then calls and finishes FINISHES tickets one by one
over the HTTP API. The page notes (in its own clock, which is this machine's) when it
shows the asking screen; the figure is that moment minus the moment the finish request
was sent: the request, the commit, the Socket.IO message and the drawing. Prints median,
p90 and max in milliseconds. The tablet is left on its question between finishes: each
new finish replaces it, as at a busy window.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from bianmin import migrate  # noqa: E402
from bianmin.catalog.demo import ensure_demo_hall  # noqa: E402
from bianmin.db import Database  # noqa: E402
from tests.e2e.kiosk import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.rating import TABLET, Window, open_tablet, rating_server  # noqa: E402

NOTE_ASK = """() => { new MutationObserver(() => {
    if (rateTablet.state === 'ask') window.askAt = Date.now(); })
  .observe(document.getElementById('r-main'), { attributes: true }); }"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--finishes", type=int, default=40)
    parser.add_argument("--async-mode", default="eventlet", choices=["eventlet", "threading"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "demo.sqlite3"
        db = Database(f"sqlite:///{template}")
        migrate.upgrade(db)
        ensure_demo_hall(db)
        db.dispose()
        instance = Path(folder) / "instance"
        instance.mkdir()
        server = rating_server(instance, template, async_mode=args.async_mode)
        try:
            window = Window(server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport=TABLET)
                open_tablet(page, server)
                page.evaluate(NOTE_ASK)
                woke = []
                for _ in range(args.finishes):
                    window.call()
                    page.evaluate("() => { window.askAt = 0; }")
                    sent = time.time() * 1000
                    window.finish()
                    page.wait_for_function("() => window.askAt > 0", timeout=10000)
                    woke.append(page.evaluate("() => window.askAt") - sent)
                browser.close()
        finally:
            server.stop()
    print(f"rating tablet wake ({args.async_mode}, SQLite): n={len(woke)}  "
          f"median {statistics.median(woke):.0f} ms  p90 {percentile(woke, 0.9):.0f} ms  "
          f"max {max(woke):.0f} ms")


if __name__ == "__main__":
    main()
