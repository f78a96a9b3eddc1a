"""The managers' catalog upload: XLSX export, preview and apply of the demo catalog (SQLite).

    python bench/catalog_upload.py            # 10 rounds each
    python bench/catalog_upload.py --rounds 20

Per round, on a temporary SQLite copy of the demo hall: export the catalog as XLSX, preview
the workbook (read it, parse, run the loader in a rolled-back write transaction), preview
the 000 text, and apply the workbook (one transaction, unchanged rows). Prints median and
p99 wall-clock milliseconds of each step.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bianmin import migrate  # noqa: E402
from bianmin.catalog import upload  # noqa: E402
from bianmin.catalog.demo import demo_catalog_text, ensure_demo_hall  # noqa: E402
from bianmin.catalog.queries import get_hall  # noqa: E402
from bianmin.catalog.workbook import export_workbook  # noqa: E402
from bianmin.db import Database  # noqa: E402

SECRET = "bench"


def timed(fn, rounds: int) -> tuple[list[float], object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"{name:<28} n={len(times):>3}  median {statistics.median(times):8.1f} ms  p99 {p99:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{folder}/bench.sqlite3")
        migrate.upgrade(db)
        ensure_demo_hall(db)

        def export() -> bytes:
            with db.read() as session:
                return export_workbook(session, get_hall(session, "demo"))

        export_times, book = timed(export, args.rounds)
        text = demo_catalog_text().encode()
        xlsx_times, answer = timed(lambda: upload.preview(db, "demo", book, secret=SECRET), args.rounds)
        text_times, _ = timed(lambda: upload.preview(db, "demo", text, secret=SECRET), args.rounds)

        def apply() -> object:
            token = upload.preview(db, "demo", book, secret=SECRET)["token"]
            start = time.perf_counter()
            upload.apply(db, "demo", book, token, secret=SECRET, staff_id=None, username="bench")
            return (time.perf_counter() - start) * 1000

        apply_times = [apply() for _ in range(args.rounds)]
        print(f"demo catalog: {answer['scenarios']} scenarios, XLSX {len(book)} bytes, text {len(text)} bytes")
        print(line("export XLSX", export_times))
        print(line("preview XLSX", xlsx_times))
        print(line("preview 000 text", text_times))
        print(line("apply XLSX (unchanged rows)", apply_times))
        db.dispose()


if __name__ == "__main__":
    main()
