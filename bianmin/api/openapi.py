"""``GET /api/v1/openapi.json``: the public API as an OpenAPI 3.1 document.

The document is put together from one ``Area`` per part of the API (catalog, tickets,
counter, …). To describe a new area, write an ``Area`` like ``CATALOG`` below — its paths
(relative to ``/api/v1``), the schemas it names, with ``ref()``, ``ok()``, ``errors()`` and
``query()`` to keep each operation short — and add it to ``AREAS``. Shared pieces (the
error body, the ``hall`` path parameter) live in ``COMMON``. tests/integration/
test_api_openapi.py validates the whole document and checks every ``/api/v1`` route is in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bianmin.api import blueprint

Schema = dict[str, Any]
SERVER = "/api/v1"


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def ok(description: str, schema: Schema) -> dict[str, Any]:
    """A 200 response with a JSON body."""
    return {"200": {"description": description,
                    "content": {"application/json": {"schema": schema}}}}


ERROR_TEXTS = {
    400: "Bad input; `message` says in Chinese what to change",
    401: "Not signed in",
    403: "Signed in, but not allowed here",
    404: "No such hall, scenario or ticket",
    409: "Not possible in the current state",
    429: "Too many attempts; the `Retry-After` header says how many seconds to wait",
    503: "Database busy or unreachable; nothing was written, retry",
}


def errors(*statuses: int) -> dict[str, Any]:
    """Error responses, all with the common body ``{"error": code, "message": text}``."""
    return {
        str(status): {"description": ERROR_TEXTS[status],
                      "content": {"application/json": {"schema": ref("Error")}}}
        for status in statuses
    }


def query(name: str, description: str, schema: Schema, required: bool = False) -> Schema:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}


HALL = {"$ref": "#/components/parameters/hall"}
STRING = {"type": "string"}
INTEGER = {"type": "integer"}
STRINGS = {"type": "array", "items": STRING}
INTEGERS = {"type": "array", "items": INTEGER}


def obj(properties: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    """An object schema whose properties are all required except ``optional``."""
    return {"type": "object", "properties": properties,
            "required": [k for k in properties if k not in optional]}


@dataclass(frozen=True)
class Area:
    """One part of the API: a tag, its paths and the schemas they use."""

    tag: str
    description: str
    paths: dict[str, dict[str, Any]]
    schemas: dict[str, Schema] = field(default_factory=dict)


COMMON = Area(
    tag="common",
    description="Shared by every area.",
    paths={},
    schemas={
        "Error": obj({
            "error": {"type": "string", "description": "stable code, e.g. unknown_hall"},
            "message": {"type": "string", "description": "what happened, in Chinese"},
            "details": {"type": "object"},
        }, optional=("details",)),
    },
)

PARAMETERS = {
    "hall": {"name": "hall", "in": "path", "required": True,
             "description": "The hall's code; the embedded default is `demo`.",
             "schema": {"type": "string", "maxLength": 40}},
}

_Q = query("q", "What the visitor typed: Chinese, full pinyin with or without spaces or "
                "tones, initials (`csdj`), or a mix (`gl津贴`); 1–50 characters after trimming.",
           {"type": "string", "minLength": 1, "maxLength": 50}, required=True)


def _limit(default: int) -> Schema:
    return query("limit", f"At most this many items (1–100, default {default}).",
                 {"type": "integer", "minimum": 1, "maximum": 100, "default": default})


CATALOG = Area(
    tag="catalog",
    description="The hall's scenarios (细化应用场景), search and browsing (docs/api.md).",
    paths={
        "/halls/{hall}/catalog": {"get": {
            "summary": "Every active scenario with everything the kiosk shows, in catalog order",
            "operationId": "getCatalog",
            "parameters": [HALL],
            "responses": {**ok("The catalog", ref("Catalog")), **errors(404)},
        }},
        "/halls/{hall}/catalog/search": {"get": {
            "summary": "Scenarios ranked for a query, and input-method words for its pinyin",
            "description": "Ranking: exact name, name prefix, whole word in the name, inside "
                           "the name, characters in order, matter/department/domain/window, "
                           "materials; then shorter names, then catalog order (docs/search.md).",
            "operationId": "searchCatalog",
            "parameters": [HALL, _Q, _limit(20)],
            "responses": {**ok("Ranked results", ref("SearchResponse")), **errors(400, 404)},
        }},
        "/halls/{hall}/catalog/suggest": {"get": {
            "summary": "Catalog words whose pinyin starts with the letters at the end of q",
            "operationId": "suggestWords",
            "parameters": [HALL, _Q, _limit(8)],
            "responses": {**ok("Words, best first", ref("SuggestResponse")),
                          **errors(400, 404)},
        }},
        "/halls/{hall}/catalog/browse": {"get": {
            "summary": "Scenario ids grouped by domain, section or window",
            "operationId": "browseCatalog",
            "parameters": [HALL, query("by", "The grouping (default domain).",
                                       {"type": "string", "enum": ["domain", "section", "window"],
                                        "default": "domain"})],
            "responses": {**ok("Groups in display order", ref("BrowseResponse")),
                          **errors(400, 404)},
        }},
        "/halls/{hall}/scenarios/{scenario_id}": {"get": {
            "summary": "One scenario (also one no longer in the catalog: old tickets show it)",
            "operationId": "getScenario",
            "parameters": [HALL, {"name": "scenario_id", "in": "path", "required": True,
                                  "schema": {"type": "integer", "minimum": 1}}],
            "responses": {**ok("The scenario", ref("ScenarioDetail")), **errors(404)},
        }},
    },
    schemas={
        "Hall": obj({"code": STRING, "name": STRING, "complaint_phone": STRING,
                     "timezone": STRING, "opening_hours": STRING, "notice": STRING},
                    optional=("opening_hours", "notice")),
        "QueueRef": obj({"id": INTEGER, "name": {"type": "string", "examples": ["15-20号窗口"]},
                         "prefix": {"type": "string", "examples": ["A"]}}),
        "Queue": obj({"id": INTEGER, "name": STRING, "prefix": STRING, "windows": INTEGERS,
                      "domain": {"type": "string",
                                 "description": "field of service, may be empty"}}),
        "TimeLimit": obj({
            "raw": {"type": "string", "description": "as the catalog wrote it"},
            "kind": {"type": "string", "enum": ["immediate", "working_days", "other", "none"]},
            "legal_days": {"type": ["integer", "null"]},
            "promised_days": {"type": ["integer", "null"]},
            "text": {"type": "string", "examples": ["即时办理", "承诺5个工作日（法定20个工作日）"]},
        }),
        "Scenario": obj({
            "id": INTEGER, "name": STRING, "matter": STRING, "department": STRING,
            "domain": STRING, "section": STRING, "kind": STRING,
            "materials": {"type": "array", "items": STRING,
                          "description": "the checklist (一次性告知), in order"},
            "time_limit": ref("TimeLimit"), "windows": INTEGERS, "queue": ref("QueueRef"),
            "role": {"type": "string", "enum": ["complete", "accept", "preliminary", "unknown"]},
            "role_label": STRING, "phone": STRING, "notice": STRING,
        }),
        "ScenarioDetail": {"allOf": [ref("Scenario"), obj({"active": {"type": "boolean"}})]},
        "Catalog": obj({"hall": ref("Hall"), "domains": STRINGS, "sections": STRINGS,
                        "queues": {"type": "array", "items": ref("Queue")},
                        "scenarios": {"type": "array", "items": ref("Scenario")}}),
        "SearchResult": obj({
            "id": INTEGER, "name": STRING, "matter": STRING, "department": STRING,
            "domain": STRING, "section": STRING, "windows": INTEGERS, "queue": ref("QueueRef"),
            "score": INTEGER,
            "field": {"type": "string",
                      "enum": ["name", "matter", "department", "domain", "window", "materials"]},
            "rule": {"type": "string", "enum": ["exact", "prefix", "word", "inside", "order",
                                                "field", "materials"]},
            "highlight": {"description": "matched characters of the name: [start, end)",
                          "oneOf": [{"type": "array", "items": INTEGER, "minItems": 2,
                                     "maxItems": 2}, {"type": "null"}]},
        }),
        "SearchResponse": obj({"query": STRING,
                               "results": {"type": "array", "items": ref("SearchResult")},
                               "suggestions": STRINGS}),
        "Candidate": obj({"word": STRING, "pinyin": STRING,
                          "consumed": {"type": "integer", "description": (
                              "how many of the letters being typed (the run of letters ending "
                              "q), from their start, the word replaces; the rest stay")}}),
        "SuggestResponse": obj({"query": STRING, "suggestions": STRINGS,
                                "candidates": {"type": "array", "items": ref("Candidate")}}),
        "BrowseGroup": obj({"key": STRING, "name": STRING, "count": INTEGER,
                            "scenario_ids": INTEGERS}),
        "BrowseResponse": obj({"by": STRING,
                               "groups": {"type": "array", "items": ref("BrowseGroup")}}),
    },
)

META = Area(
    tag="meta",
    description="This document.",
    paths={"/openapi.json": {"get": {
        "summary": "The API described as OpenAPI 3.1",
        "operationId": "getOpenApi",
        "responses": ok("This document", {"type": "object"}),
    }}},
)

# every area of the public API; add yours here
AREAS: list[Area] = [COMMON, CATALOG, META]


def _counter_areas() -> list[Area]:
    from bianmin.api.counter_openapi import COUNTER, SESSION  # it builds on this module

    return [SESSION, COUNTER]


AREAS.extend(_counter_areas())


def _snapshot_areas() -> list[Area]:
    from bianmin.api.snapshot_openapi import SNAPSHOT  # it builds on this module

    return [SNAPSHOT]


AREAS.extend(_snapshot_areas())


def _ticket_areas() -> list[Area]:
    from bianmin.api.tickets_openapi import TICKETS  # it builds on this module

    return [TICKETS]


AREAS.extend(_ticket_areas())


def document(areas: list[Area] | None = None) -> dict[str, Any]:
    """The OpenAPI document of ``areas`` (default: all); each operation tagged by its area."""
    areas = AREAS if areas is None else areas
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Schema] = {}
    for area in areas:
        for path, operations in area.paths.items():
            target = paths.setdefault(path, {})
            for method, operation in operations.items():
                if method in target:
                    raise ValueError(f"{method.upper()} {path} is described twice")
                target[method] = {"tags": [area.tag], **operation}
        for name, schema in area.schemas.items():
            if name in schemas:
                raise ValueError(f"schema {name} is defined twice")
            schemas[name] = schema
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "便民服务中心 取号叫号系统 API",
            "version": "1",
            "description": "Kiosks, screens, counter terminals and the hall's other systems "
                           "use these entry points (docs/api.md). Errors are 4xx with "
                           '`{"error": code, "message": text}`.',
        },
        "servers": [{"url": SERVER}],
        "tags": [{"name": a.tag, "description": a.description} for a in areas if a.paths],
        "paths": paths,
        "components": {"schemas": schemas, "parameters": PARAMETERS},
    }


@blueprint.get("/openapi.json")
def openapi() -> dict[str, Any]:
    """This API described as OpenAPI 3.1."""
    return document()
