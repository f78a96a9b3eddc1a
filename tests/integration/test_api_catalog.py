"""The catalog JSON API on the demo hall: SQLite through the test client, and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from bianmin.app import create_app
from bianmin.catalog.demo import demo_catalog_text
from bianmin.catalog.importer import parse_catalog
from bianmin.catalog.loader import load_catalog
from bianmin.catalog.models import Hall, Scenario
from bianmin.catalog.profile import demo_profile
from bianmin.catalog.queries import catalog_of, get_hall
from bianmin.db import Database

API = "/api/v1/halls/demo"
SCENARIO_KEYS = {
    "id", "name", "matter", "department", "domain", "section", "kind", "materials",
    "time_limit", "windows", "queue", "role", "role_label", "phone", "notice",
}


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["name"] for r in response.get_json()["results"]]


def assert_error(response, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert body["error"] == code
    assert any("\u4e00" <= c <= "\u9fff" for c in body["message"]), body["message"]


# --- the whole catalog -------------------------------------------------------------------

def test_catalog_lists_every_active_scenario_in_catalog_order(client: FlaskClient,
                                                              db: Database) -> None:
    body = client.get(f"{API}/catalog").get_json()
    with db.read() as session:
        active = session.scalars(
            select(Scenario.id).where(Scenario.active.is_(True)).order_by(Scenario.position)
        ).all()
    assert [s["id"] for s in body["scenarios"]] == list(active)
    assert len(active) == 166
    assert body["scenarios"][0]["name"] == "高龄津贴的审核"
    assert body["hall"] == {
        "code": "demo", "name": "六十二团便民服务中心", "complaint_phone": "12345",
        "timezone": "Asia/Shanghai", "opening_hours": "", "notice": "",
    }


def test_catalog_scenarios_carry_everything_the_kiosk_shows(client: FlaskClient) -> None:
    scenarios = client.get(f"{API}/catalog").get_json()["scenarios"]
    for scenario in scenarios:
        assert SCENARIO_KEYS <= set(scenario), scenario["name"]
        assert all(isinstance(m, str) and m for m in scenario["materials"])
        assert scenario["windows"] and all(isinstance(n, int) for n in scenario["windows"])
        assert set(scenario["queue"]) == {"id", "name", "prefix"}
        assert set(scenario["time_limit"]) == {"raw", "kind", "legal_days", "promised_days", "text"}
        assert scenario["time_limit"]["text"]
    first = scenarios[0]
    assert first["windows"] == [7]
    assert first["queue"]["name"] == "7号窗口"
    assert first["matter"] == "高龄补贴的审核"
    assert first["role"] == "complete" and first["role_label"] == "本中心办结"
    assert first["materials"][2] == "1张一寸照片（尽量红底、蓝底）"


def test_time_limit_text_is_short_chinese(client: FlaskClient) -> None:
    scenarios = client.get(f"{API}/catalog").get_json()["scenarios"]
    by_raw = {s["time_limit"]["raw"]: s["time_limit"] for s in scenarios}
    assert by_raw["即时办理"]["text"] == "即时办理"
    legal = next(t for raw, t in by_raw.items() if raw.startswith("法定时限 20"))
    assert (legal["legal_days"], legal["promised_days"]) == (20, 10)
    assert legal["text"] == "承诺10个工作日（法定20个工作日）"


def test_catalog_queues_domains_and_sections(client: FlaskClient) -> None:
    body = client.get(f"{API}/catalog").get_json()
    queues = {q["id"]: q for q in body["queues"]}
    assert {tuple(q["windows"]) for q in queues.values()} >= {(15, 16, 17, 18, 19, 20), (24,)}
    for scenario in body["scenarios"]:
        queue = queues[scenario["queue"]["id"]]
        assert scenario["windows"] == queue["windows"]
        assert scenario["domain"] == queue["domain"]
    assert len(body["domains"]) == len(set(body["domains"]))
    assert {s["domain"] for s in body["scenarios"]} - {""} == set(body["domains"])
    assert body["sections"] == ["乡镇级办结事项", "乡镇级受理、初审事项", "县级办结事项",
                                "县镇级受理、初审事项", "其他便民服务事项"]


def test_catalog_loads_in_a_fixed_number_of_queries(db: Database) -> None:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    with db.read() as session:
        hall = get_hall(session, "demo")
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            catalog = catalog_of(session, hall)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(catalog["scenarios"]) == 166
    # queues (+ their windows), scenarios (+ materials, + queue windows): no query per row
    assert len(statements) <= 6, statements


def test_unknown_hall_is_a_404_with_a_chinese_message(client: FlaskClient) -> None:
    for path in ["catalog", "catalog/search?q=csdj", "catalog/suggest?q=gao",
                 "catalog/browse", "scenarios/1"]:
        assert_error(client.get(f"/api/v1/halls/nowhere/{path}"), 404, "unknown_hall")


# --- search ------------------------------------------------------------------------------

def test_search_finds_chushengdengji_by_initials(client: FlaskClient) -> None:
    body = client.get(f"{API}/catalog/search?q=csdj").get_json()
    assert body["query"] == "csdj"
    first = body["results"][0]
    assert first["name"] == "出生登记"
    assert first["windows"] == [24]
    assert first["rule"] == "exact" and first["field"] == "name"
    assert first["highlight"] == [0, 4]
    assert isinstance(first["score"], int)


def test_search_by_full_pinyin_ranks_the_name_prefix_first(client: FlaskClient) -> None:
    body = client.get(f"{API}/catalog/search?q=gaoling").get_json()
    assert names_of(body)[0] == "高龄津贴的审核"
    assert "经济困难高龄失能老人补贴审核及照护服务补贴资金发放" in names_of(body)
    assert body["suggestions"][0] == "高龄"


def test_search_in_chinese_finds_names_and_ranks_them_first(client: FlaskClient) -> None:
    response = client.get(f"{API}/catalog/search", query_string={"q": "退役军人优待证"})
    found = names(response)
    assert found[:4] == ["退役军人优待证申领", "退役军人优待证发放", "退役军人优待证补换",
                         "退役军人优待证收回"]
    assert response.get_json()["suggestions"] == []


def test_search_results_scores_never_increase(client: FlaskClient) -> None:
    results = client.get(f"{API}/catalog/search?q=shebao&limit=100").get_json()["results"]
    scores = [r["score"] for r in results]
    assert len(scores) > 3
    assert scores == sorted(scores, reverse=True)


def test_search_limit_caps_the_results(client: FlaskClient) -> None:
    assert len(client.get(f"{API}/catalog/search?q=s&limit=3").get_json()["results"]) == 3
    assert len(client.get(f"{API}/catalog/search?q=s").get_json()["results"]) == 20


def test_search_without_query_is_a_400(client: FlaskClient) -> None:
    assert_error(client.get(f"{API}/catalog/search"), 400, "missing_query")
    assert_error(client.get(f"{API}/catalog/search?q="), 400, "empty_query")
    assert_error(client.get(f"{API}/catalog/search", query_string={"q": " \u3000 "}),
                 400, "empty_query")


def test_search_query_longer_than_50_characters_is_a_400(client: FlaskClient) -> None:
    assert_error(client.get(f"{API}/catalog/search", query_string={"q": "登" * 51}),
                 400, "query_too_long")
    assert client.get(f"{API}/catalog/search", query_string={"q": "登" * 50}).status_code == 200


@pytest.mark.parametrize("limit", ["abc", "0", "-1", "1.5", "101", "9" * 40, "３"])
def test_search_limit_that_is_not_a_number_from_1_to_100_is_a_400(
    client: FlaskClient, limit: str
) -> None:
    response = client.get(f"{API}/catalog/search", query_string={"q": "csdj", "limit": limit})
    assert_error(response, 400, "invalid_limit")


@pytest.mark.parametrize("query", ["<script>", "%", "'; drop table scenario; --", "🙂",
                                   "（）", "a" * 50, "号"])
def test_odd_queries_answer_200_with_a_list(client: FlaskClient, query: str) -> None:
    response = client.get(f"{API}/catalog/search", query_string={"q": query})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert isinstance(response.get_json()["results"], list)


def test_a_nul_character_in_the_query_is_refused_in_chinese(client: FlaskClient) -> None:
    response = client.get(f"{API}/catalog/search", query_string={"q": "a\u0000b"})
    assert_error(response, 400, "invalid_query_string")
    assert "NUL" in response.get_json()["message"]


def test_suggest_offers_catalog_words_with_what_they_replace(client: FlaskClient) -> None:
    body = client.get(f"{API}/catalog/suggest?q=gaol").get_json()
    assert body["suggestions"][0] == "高龄"
    assert body["candidates"][0] == {"word": "高龄", "pinyin": "gao ling", "consumed": 4}
    assert_error(client.get(f"{API}/catalog/suggest"), 400, "missing_query")
    assert_error(client.get(f"{API}/catalog/suggest?q=gao&limit=x"), 400, "invalid_limit")


# --- one scenario, browsing --------------------------------------------------------------

def test_scenario_is_the_same_as_in_the_catalog(client: FlaskClient) -> None:
    listed = client.get(f"{API}/catalog").get_json()["scenarios"][5]
    single = client.get(f"{API}/scenarios/{listed['id']}").get_json()
    assert single.pop("active") is True
    assert single == listed


@pytest.mark.parametrize("scenario_id", ["999999", "abc", "0", "9" * 40, "-3"])
def test_unknown_scenario_is_a_404_with_a_chinese_message(
    client: FlaskClient, scenario_id: str
) -> None:
    assert_error(client.get(f"{API}/scenarios/{scenario_id}"), 404, "unknown_scenario")


def test_scenario_of_another_hall_is_not_found(client: FlaskClient, db: Database) -> None:
    with db.write() as session:
        session.add(Hall(code="other", name="另一个便民服务中心"))
    demo_id = client.get(f"{API}/catalog").get_json()["scenarios"][0]["id"]
    assert_error(client.get(f"/api/v1/halls/other/scenarios/{demo_id}"), 404, "unknown_scenario")
    # a hall without a catalog yet: empty lists, not errors
    assert client.get("/api/v1/halls/other/catalog").get_json()["scenarios"] == []
    search = client.get("/api/v1/halls/other/catalog/search?q=csdj")
    assert search.status_code == 200 and search.get_json()["results"] == []


def test_browse_groups_scenarios_by_domain_section_or_window(client: FlaskClient) -> None:
    by_domain = client.get(f"{API}/catalog/browse").get_json()
    assert by_domain["by"] == "domain"
    assert sum(g["count"] for g in by_domain["groups"]) == 166
    assert by_domain["groups"][0]["name"] == "养老服务"
    sections = client.get(f"{API}/catalog/browse?by=section").get_json()["groups"]
    assert [g["name"] for g in sections][0] == "乡镇级办结事项"
    windows = client.get(f"{API}/catalog/browse?by=window").get_json()["groups"]
    numbers = [int(g["key"]) for g in windows]
    assert numbers == sorted(numbers) and 24 in numbers
    window_24 = next(g for g in windows if g["key"] == "24")
    assert window_24["name"] == "24号窗口"
    assert_error(client.get(f"{API}/catalog/browse?by=colour"), 400, "invalid_grouping")


# --- the cache follows catalog imports ---------------------------------------------------

def test_reimport_bumps_catalog_version_and_search_sees_the_change(
    app: Flask, client: FlaskClient, settings
) -> None:  # type: ignore[no-untyped-def]
    # 新生儿 is a visitor's word for 出生登记 (synonyms.toml): a made-up word shows the rename
    assert names(client.get(f"{API}/catalog/search?q=feichuan")) == []
    cache = app.extensions["bianmin"].parts["catalog.search"]
    builds = cache.builds
    client.get(f"{API}/catalog/search?q=csdj")
    assert cache.builds == builds  # no import, no rebuild

    # another process (its own engine) imports a changed catalog
    other = Database(settings.resolved_database_url)
    text = demo_catalog_text().replace("\t出生登记\t", "\t飞船出生登记\t")
    with other.write() as session:
        hall = session.scalar(select(Hall).where(Hall.code == "demo"))
        before = hall.catalog_version
        load_catalog(session, hall, parse_catalog(text), demo_profile())
    with other.read() as session:
        after = session.scalar(select(Hall.catalog_version).where(Hall.code == "demo"))
    other.dispose()
    assert after == before + 1

    assert names(client.get(f"{API}/catalog/search?q=feichuan")) == ["飞船出生登记"]
    assert "出生登记" not in names(client.get(f"{API}/catalog/search?q=csdj"))
    assert cache.builds == builds + 1


# --- PostgreSQL --------------------------------------------------------------------------

@pytest.fixture
def pg_client(postgres_demo: str, tmp_path: Path) -> Iterator[FlaskClient]:
    app = create_app({"instance": tmp_path, "database_url": postgres_demo,
                      "async_mode": "threading", "auto_migrate": False, "load_demo": False,
                      "secret_key": "x"})
    yield app.test_client()
    app.extensions["bianmin"].db.dispose()


@pytest.mark.postgres
def test_catalog_on_postgresql(pg_client: FlaskClient, postgres_demo: str) -> None:
    body = pg_client.get(f"{API}/catalog").get_json()
    database = Database(postgres_demo)
    with database.read() as session:
        active = session.scalar(
            select(func.count()).select_from(Scenario).join(Hall, Hall.id == Scenario.hall_id)
            .where(Scenario.active.is_(True), Hall.code == "demo")
        )
    database.dispose()
    assert len(body["scenarios"]) == active == 166
    assert body["scenarios"][0]["name"] == "高龄津贴的审核"
    assert body["sections"][0] == "乡镇级办结事项"


@pytest.mark.postgres
def test_search_on_postgresql(pg_client: FlaskClient) -> None:
    assert names(pg_client.get(f"{API}/catalog/search?q=csdj"))[0] == "出生登记"
    assert names(pg_client.get(f"{API}/catalog/search?q=gl津贴"))[0] == "高龄津贴的审核"
    assert_error(pg_client.get(f"{API}/catalog/search?q=x&limit=abc"), 400, "invalid_limit")
    assert_error(pg_client.get("/api/v1/halls/nowhere/catalog/search?q=x"), 404, "unknown_hall")


@pytest.mark.postgres
def test_huge_scenario_id_is_a_404_on_postgresql(pg_client: FlaskClient) -> None:
    # beyond PostgreSQL's integer range: must not reach the database as an error
    assert_error(pg_client.get(f"{API}/scenarios/{2**31}"), 404, "unknown_scenario")


def names_of(body: dict) -> list[str]:
    return [r["name"] for r in body["results"]]
