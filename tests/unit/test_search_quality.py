"""The everyday queries of tests/data/search_queries.toml find their scenario first.

The figure is a quality bar, not a timing: ≥ 90 % of the queries must rank the expected
scenario first. bench/search.py prints the same figures (rank 1 and top 3)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bianmin.catalog.search import SearchIndex
from tests.support.demo_index import demo_index

QUERIES = Path(__file__).resolve().parents[1] / "data" / "search_queries.toml"
BAR = 0.90


def everyday_queries() -> list[tuple[str, str]]:
    return [(q, title) for q, title in tomllib.loads(QUERIES.read_text("utf-8"))["queries"]]


def ranked_titles(index: SearchIndex, query: str) -> list[str]:
    names = {r.scenario_id: r.name for r in (e.record for e in index.entries)}
    return [names[h.scenario_id] for h in index.search(query, 3)]


def test_the_query_set_is_large_and_names_real_scenarios() -> None:
    queries = everyday_queries()
    titles = {e.record.name for e in demo_index().entries}
    assert len(queries) >= 60
    held_out = tomllib.loads(QUERIES.read_text("utf-8"))["held_out"]
    assert [t for _, t in queries + held_out if t not in titles] == []
    # visitors' words, not the catalog's: no query is a title copied
    assert [q for q, _ in queries if q in titles] == []


def test_at_least_90_percent_find_their_scenario_first() -> None:
    index = demo_index()
    queries = everyday_queries()
    failures = []
    for query, title in queries:
        found = ranked_titles(index, query)
        if found[:1] != [title]:
            failures.append(f"{query!r}: wanted {title}, got {found}")
    rate = 1 - len(failures) / len(queries)
    assert rate >= BAR, f"{rate:.1%} at rank 1; failures:\n" + "\n".join(failures)
