"""Catalog and search endpoints (docs/api.md): parse, call bianmin.catalog.queries, return JSON."""

from __future__ import annotations

from typing import Any

from flask import request

from bianmin.api import blueprint
from bianmin.catalog.queries import (
    GROUPINGS,
    SearchableCatalog,
    SearchCache,
    UnknownScenario,
    catalog_of,
    get_hall,
    scenario_of,
    summary_of,
)
from bianmin.catalog.search import DEFAULT_LIMIT, MAX_LIMIT
from bianmin.errors import InvalidInput
from bianmin.web.runtime import runtime

MAX_QUERY = 50
SUGGESTIONS = 8
CACHE_KEY = "catalog.search"
# scenario ids are database integers; anything larger cannot exist
MAX_ID = 2**31 - 1


@blueprint.get("/halls/<hall>/catalog")
def catalog(hall: str) -> dict[str, Any]:
    """The hall's active scenarios with everything the kiosk shows, in catalog order."""
    with runtime().db.read() as session:
        return catalog_of(session, get_hall(session, hall))


@blueprint.get("/halls/<hall>/catalog/search")
def search(hall: str) -> dict[str, Any]:
    """Scenarios ranked for ``q`` (Chinese, full pinyin or initials), and input-method words."""
    query = _query()
    limit = _limit(DEFAULT_LIMIT)
    searchable = _searchable(hall)
    hits = searchable.index.search(query, limit)
    results = []
    for hit in hits:
        result = summary_of(searchable.by_id[hit.scenario_id])
        result.update(score=hit.score, field=hit.field, rule=hit.rule,
                      highlight=list(hit.span) if hit.span else None)
        results.append(result)
    suggestions = searchable.index.suggest(query, SUGGESTIONS)
    return {"query": query, "results": results, "suggestions": [s.word for s in suggestions]}


@blueprint.get("/halls/<hall>/catalog/suggest")
def suggest(hall: str) -> dict[str, Any]:
    """Catalog words whose pinyin starts with the letters at the end of ``q``."""
    query = _query()
    limit = _limit(SUGGESTIONS)
    suggestions = _searchable(hall).index.suggest(query, limit)
    return {
        "query": query,
        "suggestions": [s.word for s in suggestions],
        "candidates": [{"word": s.word, "pinyin": s.pinyin, "consumed": s.consumed}
                       for s in suggestions],
    }


@blueprint.get("/halls/<hall>/catalog/browse")
def browse(hall: str) -> dict[str, Any]:
    """Scenario ids grouped for the kiosk's browse screen: by domain, section or window."""
    by = request.args.get("by", "domain")
    if by not in GROUPINGS:
        raise InvalidInput(f"by 只能是 {'、'.join(GROUPINGS)} 之一。", code="invalid_grouping")
    searchable = _searchable(hall)
    return {"by": by, "groups": [g.as_dict() for g in GROUPINGS[by](searchable.catalog)]}


@blueprint.get("/halls/<hall>/scenarios/<scenario_id>")
def scenario(hall: str, scenario_id: str) -> dict[str, Any]:
    """One scenario with its checklist, time limit, windows and queue."""
    with runtime().db.read() as session:
        found = get_hall(session, hall)
        number = _positive_int(scenario_id, MAX_ID)
        if number is None:
            raise UnknownScenario(hall=hall, scenario=scenario_id[:20])
        return scenario_of(session, found, number)


def _searchable(hall: str) -> SearchableCatalog:
    """This hall's index from the process cache; one query checks its catalog version."""
    rt = runtime()
    cache = rt.parts.get(CACHE_KEY)
    if cache is None:
        cache = rt.parts.setdefault(CACHE_KEY, SearchCache())
    with rt.db.read() as session:
        return cache.get(session, get_hall(session, hall))


def _query() -> str:
    raw = request.args.get("q")
    if raw is None:
        raise InvalidInput("请输入要查找的事项（参数 q）。", code="missing_query")
    query = raw.strip()
    if not query:
        raise InvalidInput("查找内容不能为空，请输入事项名称或拼音。", code="empty_query")
    if len(query) > MAX_QUERY:
        raise InvalidInput(f"查找内容太长，请不超过 {MAX_QUERY} 个字。", code="query_too_long")
    return query


def _limit(default: int) -> int:
    raw = request.args.get("limit")
    if raw is None or raw.strip() == "":
        return default
    limit = _positive_int(raw.strip(), MAX_LIMIT)
    if limit is None:
        raise InvalidInput(f"limit 必须是 1–{MAX_LIMIT} 之间的整数。", code="invalid_limit")
    return limit


def _positive_int(text: str, largest: int) -> int | None:
    """``text`` as an integer from 1 to ``largest``, or None (no exception on any input)."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(largest)):
        return None
    number = int(text)
    return number if 1 <= number <= largest else None
