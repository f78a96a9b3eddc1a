"""Catalog and search endpoints (docs/api.md): parse, call bianmin.catalog.queries, return JSON."""

from __future__ import annotations

from typing import Any

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.shapes.catalog import (
    SUGGESTIONS,
    BrowseQuery,
    BrowseResponse,
    Catalog,
    ScenarioDetail,
    ScenarioPath,
    SearchQuery,
    SearchResponse,
    SuggestQuery,
    SuggestResponse,
)
from bianmin.api.shapes.common import HallPath
from bianmin.catalog.queries import (
    GROUPINGS,
    SearchableCatalog,
    SearchCache,
    catalog_of,
    get_hall,
    scenario_of,
    summary_of,
)
from bianmin.web.runtime import runtime

CACHE_KEY = "catalog.search"


@blueprint.get("/halls/<hall>/catalog")
@operation("getCatalog", "Every active scenario with everything the kiosk shows, in catalog order",
           path=HallPath, answers={200: Catalog})
def catalog(hall: str) -> dict[str, Any]:
    """The hall's active scenarios with everything the kiosk shows, in catalog order."""
    with runtime().db.read() as session:
        return catalog_of(session, get_hall(session, hall))


@blueprint.get("/halls/<hall>/catalog/search")
@operation("searchCatalog", "Scenarios ranked for a query, and input-method words for its pinyin",
           description="Ranking: exact name, name prefix, whole word in the name, inside the "
                       "name, characters in order, matter/department/domain/window, materials; "
                       "then shorter names, then catalog order (docs/search.md).",
           path=HallPath, query=SearchQuery, answers={200: SearchResponse})
def search(hall: str, query: SearchQuery) -> dict[str, Any]:
    """Scenarios ranked for ``q`` (Chinese, full pinyin or initials), and input-method words."""
    searchable = searchable_catalog(hall)
    hits = searchable.index.search(query.q, query.limit)
    results = []
    for hit in hits:
        result = summary_of(searchable.by_id[hit.scenario_id])
        result.update(score=hit.score, field=hit.field, rule=hit.rule,
                      highlight=list(hit.span) if hit.span else None)
        results.append(result)
    suggestions = searchable.index.suggest(query.q, SUGGESTIONS)
    return {"query": query.q, "results": results, "suggestions": [s.word for s in suggestions]}


@blueprint.get("/halls/<hall>/catalog/suggest")
@operation("suggestWords", "Catalog words whose pinyin starts with the letters at the end of q",
           path=HallPath, query=SuggestQuery, answers={200: SuggestResponse})
def suggest(hall: str, query: SuggestQuery) -> dict[str, Any]:
    """Catalog words whose pinyin starts with the letters at the end of ``q``."""
    suggestions = searchable_catalog(hall).index.suggest(query.q, query.limit)
    return {
        "query": query.q,
        "suggestions": [s.word for s in suggestions],
        "candidates": [{"word": s.word, "pinyin": s.pinyin, "consumed": s.consumed}
                       for s in suggestions],
    }


@blueprint.get("/halls/<hall>/catalog/browse")
@operation("browseCatalog", "Scenario ids grouped by domain, section or window",
           path=HallPath, query=BrowseQuery, answers={200: BrowseResponse})
def browse(hall: str, query: BrowseQuery) -> dict[str, Any]:
    """Scenario ids grouped for the kiosk's browse screen: by domain, section or window."""
    searchable = searchable_catalog(hall)
    groups = GROUPINGS[query.by](searchable.catalog)
    return {"by": query.by, "groups": [g.as_dict() for g in groups]}


@blueprint.get("/halls/<hall>/scenarios/<scenario_id>")
@operation("getScenario", "One scenario (also one no longer in the catalog: old tickets show it)",
           path=ScenarioPath, answers={200: ScenarioDetail})
def scenario(hall: str, scenario_id: int) -> dict[str, Any]:
    """One scenario with its checklist, time limit, windows and queue."""
    with runtime().db.read() as session:
        return scenario_of(session, get_hall(session, hall), scenario_id)


def searchable_catalog(hall: str) -> SearchableCatalog:
    """This hall's index from the process cache; one query checks its catalog version."""
    rt = runtime()
    cache = rt.parts.get(CACHE_KEY)
    if cache is None:
        cache = rt.parts.setdefault(CACHE_KEY, SearchCache())
    with rt.db.read() as session:
        return cache.get(session, get_hall(session, hall))
