"""Catalog import: parse time of catalog 000, and load/re-load time into SQLite.

    python bench/catalog_import.py              # 30 parses, 5 loads
    python bench/catalog_import.py --rounds 100 --loads 10 --scale 4

Parses the demo catalog (166 rows) ROUNDS times and prints median, p99 and rows per second,
wall clock and CPU time of this thread (other load on the box shows as the difference).
``--scale N`` also parses a catalog N times as long (N ≤ 10 renamed copies of every section
and row), to show the checks stay linear. Then loads the parsed catalog into a fresh hall
of a temporary SQLite file LOADS times, and re-loads it in place (the update path: match by
key, compare, write nothing), printing the median and p99 of each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from bianmin import migrate  # noqa: E402
from bianmin.catalog.demo import demo_catalog_text  # noqa: E402
from bianmin.catalog.halls import create_hall  # noqa: E402
from bianmin.catalog.importer import ParsedCatalog, parse_catalog  # noqa: E402
from bianmin.catalog.loader import load_catalog  # noqa: E402
from bianmin.catalog.models import Hall  # noqa: E402
from bianmin.catalog.profile import demo_profile  # noqa: E402
from bianmin.db import Database  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(fn, rounds: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    wall, cpu = [], []
    for _ in range(rounds):
        w, c = time.perf_counter(), time.thread_time()
        fn()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    return wall, cpu


def report(label: str, timings: tuple[list[float], list[float]], rows: int) -> None:
    wall, cpu = timings
    print(f"{label:<28} n={len(wall):>3}  median {statistics.median(wall):8.1f} ms  "
          f"p99 {percentile(wall, 0.99):8.1f} ms  {rows / (statistics.median(wall) / 1000):8.0f} rows/s"
          f"  | cpu median {statistics.median(cpu):8.1f} ms")


SUFFIXES = "甲乙丙丁戊己庚辛壬癸"


def scaled(text: str, times: int) -> str:
    """The catalog's rows repeated N times (at most 10), each copy's sections and names marked 甲, 乙 …

    Every copy is a new set of distinct rows (no copy duplicates another), so the checks do
    the same work per row as on the real file.
    """
    lines = text.split("\n")
    body_start = 8  # after the title line
    copies = []
    for suffix in SUFFIXES[:times]:
        for line in lines[body_start:]:
            cells = line.split("\t")
            if cells[0].strip().isdigit() and len(cells) > 3:
                cells[3] += suffix
            elif cells[0].strip() and cells[0].strip() != "序号":
                cells[0] = suffix + cells[0]
            copies.append("\t".join(cells))
    return "\n".join(lines[:body_start] + copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--scale", type=int, default=4, choices=range(1, 11))
    args = parser.parse_args()

    text = demo_catalog_text()
    parsed = parse_catalog(text)
    rows = len(parsed.scenarios)
    report("parse 000", timed(lambda: parse_catalog(text), args.rounds), rows)
    big = scaled(text, args.scale)
    big_rows = len(parse_catalog(big).scenarios)
    report(f"parse 000 ×{args.scale} ({big_rows} rows)", timed(lambda: parse_catalog(big), max(3, args.rounds // 5)), big_rows)

    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{folder}/bench.sqlite3")
        migrate.upgrade(db)
        profile = demo_profile()
        counter = iter(range(10**6))

        def first_load() -> None:
            with db.write() as session:
                hall = create_hall(session, f"b{next(counter)}", "bench")
                load_catalog(session, hall, parsed, profile)

        def reload(code: str, catalog: ParsedCatalog) -> None:
            with db.write() as session:
                hall = session.scalar(select(Hall).where(Hall.code == code))
                load_catalog(session, hall, catalog, profile)

        report("first load (SQLite)", timed(first_load, args.loads), rows)
        report("re-load, unchanged (SQLite)", timed(lambda: reload("b0", parsed), args.loads), rows)
        db.dispose()


if __name__ == "__main__":
    main()
