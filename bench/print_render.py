"""Rendering a ticket: layout, text-mode bytes, raster bytes and preview PNG, per ticket.

    python bench/print_render.py              # 200 rounds
    python bench/print_render.py --rounds 50

Uses the demo catalog's long checklist (高龄津贴的审核, 5 materials) and its longest one
(保障性住房服务工作, ~1200 characters) on 80 mm and 58 mm paper. Prints the median and p99
in milliseconds and tickets per second on one core, and the size of what goes to the
printer. No printer is involved: sending is bounded by the printer, not by us.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bianmin.printer.escpos_text import encode_text  # noqa: E402
from bianmin.printer.fonts import find_font  # noqa: E402
from bianmin.printer.layout import build_receipt  # noqa: E402
from bianmin.printer.preview import preview_png  # noqa: E402
from bianmin.printer.raster import encode_raster  # noqa: E402
from bianmin.printer.receipt import PAPER_58, PAPER_80  # noqa: E402
from bianmin.printer.slip import TicketSlip, sample_slip  # noqa: E402


def housing_slip() -> TicketSlip:
    text = files("bianmin.catalog").joinpath("demo_catalog.txt").read_text(encoding="utf-8")
    cell = next(row.split("\t")[5] for row in text.splitlines()
                if row.count("\t") > 5 and row.split("\t")[3] == "保障性住房服务工作")
    return dataclasses.replace(sample_slip(), scenario="保障性住房服务工作", materials=[cell])


def measure(rounds: int, work: Callable[[], object]) -> list[float]:
    work()  # warm caches (fonts, glyphs)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    fonts = find_font()
    print(f"font: {fonts.regular} (face {fonts.regular_index}); {rounds} rounds per figure")
    print(f"{'ticket':<26}{'step':<10}{'median ms':>10}{'p99 ms':>10}{'per s':>9}{'bytes':>9}")
    for name, slip in [("elderly (5 items)", sample_slip()), ("housing (1200 chars)",
                                                              housing_slip())]:
        for paper in (PAPER_80, PAPER_58):
            receipt = build_receipt(slip, paper)
            steps: list[tuple[str, Callable[[], object]]] = [
                ("layout", lambda s=slip, p=paper: build_receipt(s, p)),
                ("text", lambda r=receipt: encode_text(r)),
                ("raster", lambda r=receipt: encode_raster(r, fonts)),
                ("png", lambda r=receipt: preview_png(r, fonts)),
            ]
            for step, work in steps:
                times = measure(rounds if step in {"layout", "text"} else max(rounds // 4, 5),
                                work)
                size = len(work()) if step != "layout" else 0  # type: ignore[arg-type]
                median = statistics.median(times)
                label = f"{name} {paper.mm}mm"
                print(f"{label:<26}{step:<10}{median:>10.2f}{p99(times):>10.2f}"
                      f"{1000 / median:>9.0f}{size or '':>9}")



if __name__ == "__main__":
    main()
