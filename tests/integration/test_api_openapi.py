"""GET /api/v1/openapi.json is a valid OpenAPI 3.1 document that matches the real API."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from bianmin.api.declare import operation, operation_of
from bianmin.api.openapi import document
from bianmin.api.shapes.common import HallPath

API = "/api/v1/halls/demo"


@pytest.fixture
def spec(client: FlaskClient) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def conforms(spec: dict, schema_name: str, body: object) -> list[str]:
    """Every way ``body`` breaks the document's schema ``schema_name`` (empty: it conforms)."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    return [e.message for e in Draft202012Validator(schema).iter_errors(body)]


def documented(spec: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}


def routes_of(app: Flask, module: str) -> set[tuple[str, str]]:
    """(method, OpenAPI path) of every /api/v1 route whose view lives in ``module``."""
    found = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not rule.rule.startswith("/api/v1/") or view.__module__ != module:
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        found.update((m, path) for m in rule.methods - {"HEAD", "OPTIONS"})
    return found


def test_document_is_valid_openapi_3_1(spec: dict) -> None:
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def tagged(spec: dict, tag: str) -> set[tuple[str, str]]:
    """(method, path) of every documented operation of one area (its tag)."""
    return {(method.upper(), path) for path, ops in spec["paths"].items()
            for method, op in ops.items() if tag in op["tags"]}


def test_every_catalog_route_is_documented_and_nothing_more(app: Flask, spec: dict) -> None:
    routes = routes_of(app, "bianmin.api.catalog")
    assert len(routes) == 5
    assert tagged(spec, "catalog") == routes


def test_every_api_route_is_declared_and_documented(app: Flask, spec: dict) -> None:
    undeclared = sorted(rule.rule for rule in app.url_map.iter_rules()
                        if rule.rule.startswith("/api/v1/")
                        and operation_of(app.view_functions[rule.endpoint]) is None)
    assert undeclared == []
    everything = set()
    for module in {app.view_functions[r.endpoint].__module__ for r in app.url_map.iter_rules()}:
        everything |= routes_of(app, module)
    assert documented(spec) == everything


def test_every_operation_has_an_id_a_tag_and_error_bodies(spec: dict) -> None:
    ids = []
    for path, operations in spec["paths"].items():
        for described in operations.values():
            ids.append(described["operationId"])
            assert described["tags"], path
            for status, response in described["responses"].items():
                if status.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (path, status)
    assert len(ids) == len(set(ids))


def test_catalog_response_matches_its_schema(client: FlaskClient, spec: dict) -> None:
    body = client.get(f"{API}/catalog").get_json()
    assert conforms(spec, "Catalog", body) == []


def test_search_suggest_browse_and_scenario_responses_match_their_schemas(
    client: FlaskClient, spec: dict
) -> None:
    search = client.get(f"{API}/catalog/search?q=gaoling").get_json()
    assert search["results"]
    assert conforms(spec, "SearchResponse", search) == []
    window = client.get(f"{API}/catalog/search?q=24号").get_json()
    assert window["results"][0]["highlight"] is None
    assert conforms(spec, "SearchResponse", window) == []
    assert conforms(spec, "SuggestResponse",
                    client.get(f"{API}/catalog/suggest?q=gaol").get_json()) == []
    assert conforms(spec, "BrowseResponse",
                    client.get(f"{API}/catalog/browse?by=window").get_json()) == []
    scenario_id = search["results"][0]["id"]
    assert conforms(spec, "ScenarioDetail",
                    client.get(f"{API}/scenarios/{scenario_id}").get_json()) == []


def test_error_bodies_match_the_error_schema(client: FlaskClient, spec: dict) -> None:
    for path in ["/api/v1/halls/nowhere/catalog", f"{API}/catalog/search"]:
        response = client.get(path)
        assert response.status_code in {400, 404}
        assert conforms(spec, "Error", response.get_json()) == []


def test_the_schema_check_itself_catches_a_wrong_body(spec: dict) -> None:
    assert conforms(spec, "Error", {"error": 3}) != []


def test_an_operation_id_cannot_be_declared_twice() -> None:
    app = Flask("twice")

    for path in ["/api/v1/one/<hall>", "/api/v1/two/<hall>"]:
        @app.get(path, endpoint=path)
        @operation("sameName", "a copy", path=HallPath, answers={200: None})
        def view(hall: str) -> dict:
            return {}

    with pytest.raises(ValueError, match="declared twice"):
        document(app)


def test_limits_of_the_declarations_are_in_the_document(spec: dict) -> None:
    search = spec["paths"]["/halls/{hall}/catalog/search"]["get"]["parameters"]
    by_name = {p["name"]: p for p in search}
    assert by_name["hall"]["schema"]["pattern"] == "^[a-z0-9][a-z0-9_-]{0,39}$"
    assert by_name["q"]["required"] and by_name["q"]["schema"]["maxLength"] == 50
    assert by_name["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100,
                                          "default": 20}
    ticket = spec["components"]["schemas"]["TicketRequest"]["properties"]
    assert ticket["scenario_id"]["anyOf"][0]["maximum"] == 2**31 - 1
    assert ticket["request_id"]["anyOf"][0]["maxLength"] == 100
