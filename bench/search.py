"""Catalog search on every keystroke: build time, per-query latency, throughput, memory,
and the hit rate of the everyday queries (tests/data/search_queries.toml).

    python bench/search.py                # the demo hall, 20 rounds
    python bench/search.py --rounds 50

Loads the demo hall into a temporary SQLite file, reads its catalog the way the API does
(catalog_of → search_records), builds the index, then types each query of a realistic set
one keystroke at a time (gaoling = g, ga, gao, …), as the kiosk sends them. Prints the
median, p99 and max per search and per suggestion in microseconds, searches per second on
one core, the same for the whole HTTP route through the Flask test client, and the memory
the index takes (tracemalloc). Last, the everyday queries of tests/data/search_queries.toml
(visitors' phrasing with the scenario each should find first): the share found at rank 1
and in the top 3, the misses, and the time per whole query.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tomllib
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bianmin import migrate  # noqa: E402
from bianmin.catalog.demo import ensure_demo_hall  # noqa: E402
from bianmin.catalog.queries import catalog_of, get_hall, search_records  # noqa: E402
from bianmin.catalog.search import SearchIndex  # noqa: E402
from bianmin.catalog.synonyms import synonyms_for  # noqa: E402
from bianmin.db import Database  # noqa: E402

# what visitors at the demo hall type: full pinyin, initials, mixed, Chinese, windows
QUERIES = [
    "gaolingjintie", "chushengdengji", "csdj", "zuidishenghuobaozhang", "dibao", "tuiyijunren",
    "tyjr", "canjiren", "cjr", "yiliaobaoxian", "shebao", "hukou", "yingyezhizhao", "tuixiu",
    "nuanqijiaofei", "tianranqi", "jiaotongweifa", "yidijiuyi", "gl津贴", "高龄jt", "lv",
    "高龄", "最低生活保障", "残疾人证", "退役军人优待证", "出生登记", "身份证", "低保", "24号",
    "zhongducanjiren", "chongdu", "GAOLING", "gāolíng", "gao ling", "lingshijiuzhu",
]


EVERYDAY = Path(__file__).resolve().parents[1] / "tests" / "data" / "search_queries.toml"


def hit_rates(index: SearchIndex, names: dict[int, str],
              key: str = "queries") -> tuple[int, int, int, list[str]]:
    """(queries, found first, found in the top 3, the misses) of one list of the set."""
    queries = tomllib.loads(EVERYDAY.read_text("utf-8"))[key]
    first = top3 = 0
    misses = []
    for query, title in queries:
        found = [names[h.scenario_id] for h in index.search(query, 3)]
        first += found[:1] == [title]
        top3 += title in found
        if found[:1] != [title]:
            misses.append(f"{query!r} → {found[:1] or '—'} (wanted {title})")
    return len(queries), first, top3, misses


def keystrokes(queries: list[str]) -> list[str]:
    """Every prefix of every query: what the kiosk sends while the visitor types."""
    return [q[:end] for q in queries for end in range(1, len(q) + 1) if q[:end].strip()]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(label: str, timings: tuple[list[float], list[float]]) -> None:
    """Wall-clock figures, then CPU time of this thread (what other load on the box adds)."""
    wall, cpu = timings
    print(f"{label:<22} n={len(wall):>5}  median {statistics.median(wall):7.1f} µs  "
          f"p99 {percentile(wall, 0.99):7.1f} µs  max {max(wall):8.1f} µs  "
          f"{len(wall) / (sum(wall) / 1e6):6.0f}/s  | cpu median "
          f"{statistics.median(cpu):7.1f} µs  p99 {percentile(cpu, 0.99):7.1f} µs")


def timed(call: Callable[[str], object], inputs: list[str],
          rounds: int) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(rounds):
        for text in inputs:
            start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
            call(text)
            cpu.append((time.thread_time_ns() - start_cpu) / 1000)
            wall.append((time.perf_counter_ns() - start) / 1000)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{folder}/bench.sqlite3")
        migrate.upgrade(db)
        ensure_demo_hall(db)
        with db.read() as session:
            start = time.perf_counter()
            catalog = catalog_of(session, get_hall(session, "demo"))
            read_ms = (time.perf_counter() - start) * 1000
        records = search_records(catalog)
        synonyms = synonyms_for("")  # the packaged table (the demo profile adds none)

        builds = []
        for _ in range(5):
            start = time.perf_counter()
            index = SearchIndex.build(records, synonyms)
            builds.append((time.perf_counter() - start) * 1000)
        tracemalloc.start()
        measured = SearchIndex.build(records, synonyms)
        size, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        inputs = keystrokes(QUERIES)
        print(f"demo hall: {len(records)} scenarios, {len(index.words)} input-method words, "
              f"{len(QUERIES)} queries typed as {len(inputs)} keystrokes, {args.rounds} rounds")
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        print(f"catalog read {read_ms:.1f} ms; index build first {builds[0]:.1f} ms, median "
              f"{statistics.median(builds):.1f} ms (min {min(builds):.1f}); index memory {size / 2**20:.2f} MiB held, "
              f"{peak / 2**20:.2f} MiB peak while building")
        del measured
        report("search (index)", timed(index.search, inputs, args.rounds))
        report("suggest (index)", timed(index.suggest, inputs, args.rounds))
        slowest = sorted(((min(timed(index.search, [q], 3)[1]), q) for q in inputs),
                         reverse=True)[:5]
        print("slowest keystrokes (cpu):", ", ".join(f"{q!r} {us:.0f} µs" for us, q in slowest))

        names = {r.scenario_id: r.name for r in records}
        total, first, top3, misses = hit_rates(index, names)
        print(f"everyday queries: {total}; found first {first} ({first / total:.1%}), "
              f"in the top 3 {top3} ({top3 / total:.1%})")
        for miss in misses:
            print("  not first:", miss)
        total, first, top3, misses = hit_rates(index, names, "held_out")
        print(f"held-out queries (never tuned on): {total}; found first {first} "
              f"({first / total:.1%}), in the top 3 {top3} ({top3 / total:.1%})")
        for miss in misses:
            print("  not first:", miss)
        everyday = [q for q, _ in tomllib.loads(EVERYDAY.read_text("utf-8"))["queries"]]
        report("everyday (whole)", timed(index.search, everyday, args.rounds))

        from bianmin.app import create_app

        app = create_app({"instance": folder, "database_url": db.url, "async_mode": "threading",
                          "auto_migrate": False, "load_demo": False, "secret_key": "bench"})
        client = app.test_client()

        def request(text: str) -> None:
            response = client.get("/api/v1/halls/demo/catalog/search", query_string={"q": text})
            assert response.status_code == 200, response.get_data(as_text=True)

        request("warm")  # the first request builds the cached index
        report("GET …/catalog/search", timed(request, inputs, max(1, args.rounds // 4)))
        app.extensions["bianmin"].db.dispose()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
