"""Every input fault of issue 7, by hand: a 4xx JSON answer in Chinese, and nothing written.

On SQLite and on PostgreSQL (which refuses NUL in text and integers beyond 2**31-1 where
SQLite would not): integers beyond the column range, Unicode digits that pass
``str.isdigit()``, NUL and lone surrogates, JSON nested thousands deep, over-long
strings, a non-JSON body, a body too large, a method a path does not take, a URL too
long (against a real server, where eventlet reads the request line), and a bug (500).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import select, text

from bianmin.app import create_app
from bianmin.catalog.models import Scenario
from bianmin.db import Database
from bianmin.staff.service import add_staff
from tests.support.server import RunningServer, start_server

PASSWORD = "bad-input-1"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
HUGE = [2**31, 2**63, 10**30]


@dataclass
class Hall:
    client: FlaskClient
    db: Database
    scenario_id: int

    def written(self) -> tuple[int, ...]:
        """Rows that any request could have written: tickets, their events, print jobs."""
        with self.db.read() as session:
            return tuple(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                         for table in ("ticket", "ticket_event", "print_job", "window_state"))

    def sign_in(self, window: int = 1) -> None:
        username = f"bad{uuid.uuid4().hex[:8]}"
        add_staff(self.db, hall_code="demo", username=username, password=PASSWORD,
                  windows=[window], hash_method="pbkdf2:sha256:1000")
        answer = self.client.post("/api/v1/session", json={
            "username": username, "password": PASSWORD, "window": window})
        assert answer.status_code == 200, answer.get_data(as_text=True)


def post_json(client: FlaskClient, path: str, body: dict):  # type: ignore[no-untyped-def]
    """POST ``body`` as a client would: a lone surrogate travels as the escape "\\ud800"."""
    return client.post(path, data=json.dumps(body), content_type="application/json")


def refused(response, status: int, code: str | None = None) -> dict:  # type: ignore[no-untyped-def]
    """The answer is ``status`` with the JSON error body and a Chinese message."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert isinstance(body["error"], str) and CHINESE.search(body["message"]), body
    if code is not None:
        assert body["error"] == code, body
    return body


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hall(request, tmp_path: Path) -> Iterator[Hall]:  # type: ignore[no-untyped-def]
    """The demo hall behind a test client, on a SQLite file and on the PostgreSQL server."""
    if request.param == "sqlite":
        db_fixture = request.getfixturevalue("demo_sqlite")
        url = f"sqlite:///{db_fixture}"
        instance = db_fixture.parent
    else:
        request.getfixturevalue("pg_db")
        url = request.getfixturevalue("postgres_demo")
        instance = tmp_path
    app = create_app({"instance": instance, "database_url": url, "async_mode": "threading",
                      "secret_key": "x", "printer": "none", "load_demo": False})
    db = app.extensions["bianmin"].db
    with db.read() as session:
        scenario = session.scalar(select(Scenario.id).where(Scenario.name == "出生登记"))
    yield Hall(app.test_client(), db, scenario)
    db.dispose()


# --- integers beyond the database's range, digits that are not ASCII ---------------------

@pytest.mark.parametrize("value", [*HUGE, -1, 0, True, 1.5, "²", "３", "١٢", " 12", "1_0", "+5"])
def test_a_scenario_id_out_of_range_or_not_digits_is_a_400(hall: Hall, value: object) -> None:
    before = hall.written()
    body = refused(hall.client.post("/api/v1/halls/demo/tickets", json={"scenario_id": value}),
                   400, "invalid_scenario_id")
    assert body["details"]["fields"][0]["field"] == "scenario_id"
    assert hall.written() == before


@pytest.mark.parametrize("path", [
    *(f"/api/v1/tickets/{n}" for n in HUGE), "/api/v1/tickets/²", "/api/v1/tickets/0",
    *(f"/api/v1/halls/demo/scenarios/{n}" for n in HUGE), "/api/v1/halls/demo/scenarios/３",
    *(f"/api/v1/windows/{n}" for n in HUGE), "/api/v1/windows/²",
])
def test_an_id_in_a_path_out_of_range_or_not_digits_is_not_found(hall: Hall, path: str) -> None:
    refused(hall.client.get(path), 404)


@pytest.mark.parametrize("window", [*HUGE, "²", "2147483648", 0, -3, ""])
def test_a_sign_in_window_out_of_range_is_a_400(hall: Hall, window: object) -> None:
    refused(hall.client.post("/api/v1/session", json={
        "username": "nobody", "password": "x", "window": window}), 400, "invalid_window")


@pytest.mark.parametrize("limit", ["²", "３", "0", "101", str(2**63), "", "1.0"])
def test_a_search_limit_that_is_not_1_to_100_in_ascii_digits_is_a_400(hall: Hall, limit: str) -> None:
    refused(hall.client.get("/api/v1/halls/demo/catalog/search",
                            query_string={"q": "csdj", "limit": limit}), 400, "invalid_limit")


@pytest.mark.parametrize(("action", "body", "code"), [
    *(("transfer", {"window": n}, "invalid_window") for n in HUGE),
    ("transfer", {"window": "²"}, "invalid_window"),
    *(("transfer", {"queue": n}, "invalid_transfer_target") for n in HUGE),
    ("transfer", {"queue": "²"}, "invalid_transfer_target"),
    *(("cancel", {"ticket": n}, "invalid_ticket") for n in HUGE),
    ("cancel", {"ticket": "12"}, "invalid_ticket"),
    ("finish", {"outcome": "x" * 1000}, "invalid_outcome"),
])
def test_counter_bodies_out_of_range_are_a_400(hall: Hall, action: str, body: dict, code: str) -> None:
    hall.sign_in(window=1)
    before = hall.written()
    refused(hall.client.post(f"/api/v1/windows/1/{action}", json=body), 400, code)
    assert hall.written() == before


# --- NUL, lone surrogates, lengths ------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "code"), [
    ("request_id", "k1\x00", "invalid_request_id"),
    ("kiosk", "lobby\x00", "invalid_kiosk"),
    ("request_id", "\ud800", "invalid_request_id"),
    ("kiosk", "a\udfffb", "invalid_kiosk"),
    ("kiosk", "k" * 60_000, "invalid_kiosk"),
    ("request_id", "r" * 101, "invalid_request_id"),
])
def test_nul_lone_surrogates_and_long_strings_in_a_ticket_request_are_a_400(
    hall: Hall, field: str, value: str, code: str
) -> None:
    before = hall.written()
    response = post_json(hall.client, "/api/v1/halls/demo/tickets",
                         {"scenario_id": hall.scenario_id, field: value})
    refused(response, 400, code)
    assert hall.written() == before


@pytest.mark.parametrize(("username", "password"), [
    ("wang\x00", "x"), ("wang", "pass\x00word"), ("\ud800", "x"), ("u" * 61, "x"),
    ("wang", "p" * 201), ("   ", "x"),
])
def test_sign_in_with_nul_surrogates_or_overlong_credentials_is_a_400(
    hall: Hall, username: str, password: str
) -> None:
    refused(post_json(hall.client, "/api/v1/session", {
        "username": username, "password": password, "window": 1}), 400,
        "invalid_credentials_format")


@pytest.mark.parametrize("path", ["/api/v1/halls/de%00mo/catalog", "/api/v1/halls/%00/snapshot",
                                  "/api/v1/halls/demo%00/catalog/search?q=a"])
def test_nul_in_a_path_segment_is_not_found(hall: Hall, path: str) -> None:
    refused(hall.client.get(path), 404)


def test_nul_in_a_path_segment_of_a_page_is_a_chinese_page(hall: Hall) -> None:
    response = hall.client.get("/kiosk/de%00mo", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html" and CHINESE.search(response.get_data(as_text=True))


def test_nul_in_a_path_segment_of_a_post_writes_nothing(hall: Hall) -> None:
    before = hall.written()
    refused(hall.client.post("/api/v1/halls/de%00mo/tickets",
                             json={"scenario_id": hall.scenario_id}), 404)
    assert hall.written() == before


def test_nul_in_a_query_string_is_a_400(hall: Hall) -> None:
    refused(hall.client.get("/api/v1/halls/demo/catalog/search?q=%00"), 400,
            "invalid_query_string")


# --- the shape of the body ---------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    "[" * 30_000 + "]" * 30_000,
    '{"scenario_id": 1, "x": ' + "[" * 25_000 + "]" * 25_000 + "}",
    '{"a":' * 40 + "1" + "}" * 40,
])
def test_json_nested_too_deep_is_a_400_not_a_recursion_error(hall: Hall, raw: str) -> None:
    before = hall.written()
    refused(hall.client.post("/api/v1/halls/demo/tickets", data=raw,
                             content_type="application/json"), 400, "json_too_deep")
    assert hall.written() == before


def test_brackets_inside_strings_do_not_count_as_nesting(hall: Hall) -> None:
    response = hall.client.post("/api/v1/halls/demo/tickets", json={
        "scenario_id": hall.scenario_id, "request_id": "[" * 90})
    assert response.status_code == 201, response.get_data(as_text=True)


@pytest.mark.parametrize("raw", ["", "null", "[1]", "12", '"x"', "{", "{'a': 1}", "\xff"])
def test_a_body_that_is_not_a_json_object_is_a_400(hall: Hall, raw: str) -> None:
    refused(hall.client.post("/api/v1/halls/demo/tickets", data=raw.encode("latin-1"),
                             content_type="application/json"), 400, "invalid_json")


@pytest.mark.parametrize("path", ["/api/v1/halls/demo/tickets", "/api/v1/session",
                                  "/api/v1/windows/1/call-next", "/api/v1/tickets/1/reprint"])
@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain", None])
def test_every_json_endpoint_refuses_another_content_type_with_415(
    hall: Hall, path: str, content_type: str | None
) -> None:
    hall.sign_in(window=1)
    before = hall.written()
    body = refused(hall.client.post(path, data="scenario_id=1", content_type=content_type), 415,
                   "unsupported_media_type")
    assert body["message"] == "请以 JSON 格式提交。"
    assert hall.written() == before


def test_a_body_larger_than_64_kib_is_a_413(hall: Hall) -> None:
    before = hall.written()
    raw = '{"scenario_id": 1, "kiosk": "' + "k" * 70_000 + '"}'
    refused(hall.client.post("/api/v1/halls/demo/tickets", data=raw,
                             content_type="application/json"), 413, "payload_too_large")
    assert hall.written() == before


# --- methods, unknown paths, bugs ------------------------------------------------------

@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("DELETE", "/api/v1/halls/demo/catalog", {"GET"}),
    ("PUT", "/api/v1/halls/demo/tickets", {"POST"}),
    ("PATCH", "/api/v1/session", {"GET", "POST", "DELETE"}),
    ("GET", "/api/v1/windows/1/call-next", {"POST"}),
])
def test_a_method_a_path_does_not_take_is_a_405_with_allow(
    hall: Hall, method: str, path: str, allowed: set[str]
) -> None:
    response = hall.client.open(path, method=method)
    refused(response, 405, "method_not_allowed")
    assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_an_unknown_api_path_is_a_json_404_and_a_page_404_for_people(hall: Hall) -> None:
    refused(hall.client.get("/api/v1/nothing/here"), 404, "not_found")
    page = hall.client.get("/nothing/here", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "没有找到" in page.get_data(as_text=True)


def test_a_bug_is_a_chinese_500_and_a_log_line(tmp_path: Path, demo_sqlite: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    app = create_app({"instance": demo_sqlite.parent, "async_mode": "threading",
                      "secret_key": "x", "load_demo": False})

    @app.get("/api/v1/broken")
    def broken():  # type: ignore[no-untyped-def]
        return {"x": 1 / 0}

    with caplog.at_level(logging.ERROR, logger="bianmin.web.errors"):
        body = refused(app.test_client().get("/api/v1/broken"), 500, "internal_error")
    assert "ZeroDivisionError" in caplog.text and "/api/v1/broken" in caplog.text
    assert "Traceback" not in str(body) and "ZeroDivision" not in str(body)
    app.extensions["bianmin"].db.dispose()


# --- against a real server: the URL too long ---------------------------------------------

@pytest.fixture
def server(instance: Path, demo_sqlite: Path) -> Iterator[RunningServer]:
    running = start_server(instance, env={"BIANMIN_SECRET_KEY": "x", "BIANMIN_PRINTER": "none"})
    yield running
    running.stop()


@pytest.mark.server
def test_a_url_too_long_is_a_414_with_a_chinese_json_body(server: RunningServer) -> None:
    for length in (9_000, 20_000, 60_000):
        response = requests.get(f"{server.url}/api/v1/halls/demo/catalog/search",
                                params={"q": "a" * length}, timeout=30)
        assert response.status_code == 414, (length, response.text)
        assert response.json()["error"] == "uri_too_long"
        assert CHINESE.search(response.json()["message"])
    # the same server still answers normally
    assert requests.get(f"{server.url}/api/v1/halls/demo/catalog/search",
                        params={"q": "csdj"}, timeout=30).status_code == 200
    assert "Traceback" not in server.log()


@pytest.mark.server
def test_a_real_server_answers_bad_input_in_chinese_without_a_traceback(server: RunningServer) -> None:
    url = f"{server.url}/api/v1/halls/demo/tickets"
    deep = requests.post(url, data="[" * 60_000, headers={"Content-Type": "application/json"},
                         timeout=30)
    assert deep.status_code == 400 and deep.json()["error"] == "json_too_deep"
    moved = requests.delete(f"{server.url}/api/v1/halls/demo/catalog", timeout=30)
    assert moved.status_code == 405 and "GET" in moved.headers["Allow"]
    assert moved.json()["error"] == "method_not_allowed"
    huge = requests.post(url, json={"scenario_id": 2**63}, timeout=30)
    assert huge.status_code == 400 and huge.json()["error"] == "invalid_scenario_id"
    assert "Traceback" not in server.log()


@pytest.mark.parametrize("token", ["%C2%B2", "1-%C3%A9", "%C2%B2-abcdefabcdef", "99999999999-abcdefabcdef",
                                   "1-abc", "-", "1-ABCDEFABCDEF"])
@pytest.mark.parametrize("suffix", ["", "/qr.svg"])
def test_a_malformed_ticket_token_is_a_chinese_404_page(hall: Hall, token: str, suffix: str) -> None:
    response = hall.client.get(f"/t/{token}{suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert CHINESE.search(response.get_data(as_text=True))
