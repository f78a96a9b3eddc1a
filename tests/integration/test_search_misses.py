"""The miss log: kiosks report searches that found nothing; managers read them (API, CLI)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bianmin.app import create_app
from bianmin.catalog.halls import create_hall
from bianmin.catalog.misses import SearchMiss, misses_of, record_miss
from bianmin.catalog.models import Hall
from bianmin.cli import main
from bianmin.db import Database
from bianmin.settings import Settings
from bianmin.staff.service import add_staff

MISSES = "/api/v1/halls/demo/search-misses"
FAST = "pbkdf2:sha256:1000"
PASSWORD = "chuangkou-1"


def report(client, query: str, path: str = MISSES):  # type: ignore[no-untyped-def]
    return client.post(path, json={"query": query})


def stored_queries(db: Database) -> dict[str, int]:
    with db.read() as session:
        return dict(session.execute(select(SearchMiss.query, SearchMiss.count)).all())


def sign_in(client, username: str, window: int | None = None):  # type: ignore[no-untyped-def]
    body: dict[str, object] = {"username": username, "password": PASSWORD}
    if window is not None:
        body["window"] = window
    response = client.post("/api/v1/session", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)


@pytest.fixture
def accounts(db: Database) -> None:
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, windows=[7],
              hash_method=FAST)
    add_staff(db, hall_code="demo", username="boss", password=PASSWORD, role="manager",
              hash_method=FAST)
    with db.write() as session:
        create_hall(session, "wutuan", "五团便民服务中心")
    add_staff(db, hall_code="wutuan", username="other", password=PASSWORD, role="manager",
              hash_method=FAST)


def test_a_search_that_finds_nothing_is_counted_per_day_and_query(client, db) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        response = report(client, "飞船发射")
        assert response.status_code == 200
        assert response.get_json() == {"stored": True, "reason": None}
    assert report(client, " ＦＥＩchuan ").get_json()["stored"] is True
    assert stored_queries(db) == {"飞船发射": 2, "feichuan": 1}


def test_a_query_that_finds_something_is_not_a_miss(client, db) -> None:  # type: ignore[no-untyped-def]
    response = report(client, "上户口")
    assert response.get_json() == {"stored": False, "reason": "found"}
    assert stored_queries(db) == {}


@pytest.mark.parametrize("query, reason", [
    ("13912345678", "personal_data"),  # a phone number
    ("650102199001011234", "personal_data"),  # an ID-card number
    ("张三 65010219900101123X", "personal_data"),
    ("电话 0999-3173821", "personal_data"),
    ("wang@example.com", "personal_data"),
    ("我叫王小明住在六十二团三连二号楼想问一下飞船的事", "too_long"),
])
def test_anything_that_may_hold_personal_data_is_refused(client, db, query, reason) -> None:  # type: ignore[no-untyped-def]
    response = report(client, query)
    assert response.status_code == 200
    assert response.get_json() == {"stored": False, "reason": reason}
    assert stored_queries(db) == {}


def test_a_blank_or_missing_query_is_a_400(client) -> None:  # type: ignore[no-untyped-def]
    assert report(client, "  ").status_code == 400
    assert client.post(MISSES, json={}).status_code == 400


def test_managers_of_the_hall_read_the_log_and_prefixes_are_left_out(client, db, accounts) -> None:  # type: ignore[no-untyped-def]
    for query in ["飞", "飞船", "飞船发射", "飞船发射", "潜水证"]:
        assert report(client, query).get_json()["stored"] is True
    sign_in(client, "boss")
    body = client.get(MISSES).get_json()
    assert body["hall"] == "demo" and body["days"] == 30
    assert [(m["query"], m["count"], m["days"]) for m in body["misses"]] == [
        ("飞船发射", 2, 1), ("潜水证", 1, 1)]
    assert body["misses"][0]["last_day"] == datetime.now(timezone(timedelta(hours=8))).date().isoformat()
    refused = client.get(MISSES, query_string={"days": "0"})
    assert refused.status_code == 400 and refused.get_json()["error"] == "invalid_days"


def test_the_log_is_for_managers_of_the_hall_only(client, accounts) -> None:  # type: ignore[no-untyped-def]
    refused = client.get(MISSES)
    assert refused.status_code == 401
    sign_in(client, "zhang", window=7)
    refused = client.get(MISSES)
    assert refused.status_code == 403 and refused.get_json()["error"] == "manager_only"
    client.delete("/api/v1/session")
    sign_in(client, "other")
    refused = client.get(MISSES)
    assert refused.status_code == 403 and refused.get_json()["error"] == "other_hall"


def test_days_limits_the_period(db) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(timezone.utc)
    with db.write() as session:
        hall = session.scalar(select(Hall).where(Hall.code == "demo"))
        record_miss(session, hall, "老早的查找", now - timedelta(days=10))
        record_miss(session, hall, "今天的查找", now)
    with db.read() as session:
        hall = session.scalar(select(Hall).where(Hall.code == "demo"))
        assert [r.query for r in misses_of(session, hall, 3, now)] == ["今天的查找"]
        assert {r.query for r in misses_of(session, hall, 30, now)} == {"今天的查找", "老早的查找"}


def test_a_closed_hall_takes_reports_from_its_enrolled_devices_only(settings: Settings, db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as session:
        create_hall(session, "wutuan", "五团便民服务中心")
    closed = create_app(settings.replace(open_kiosks=False))
    try:
        response = closed.test_client().post("/api/v1/halls/wutuan/search-misses",
                                             json={"query": "飞船"})
        assert response.status_code == 401
        assert stored_queries(db) == {}
    finally:
        closed.extensions["bianmin"].db.dispose()


def test_an_enrolled_kiosk_of_a_closed_hall_reports_and_a_screen_may_not(
    settings: Settings, db,  # type: ignore[no-untyped-def]
) -> None:
    from bianmin.devices.service import add_device, enrol

    with db.write() as session:
        create_hall(session, "wutuan", "五团便民服务中心")
    _, kiosk_code = add_device(db, "wutuan", "kiosk-1", "kiosk")
    _, lobby_code = add_device(db, "wutuan", "lobby-1", "lobby")
    kiosk, lobby = enrol(db, kiosk_code).token, enrol(db, lobby_code).token
    closed = create_app(settings.replace(open_kiosks=False))
    try:
        client = closed.test_client()
        path = "/api/v1/halls/wutuan/search-misses"
        answer = client.post(path, json={"query": "飞船"},
                             headers={"Authorization": f"Device {kiosk}"})
        assert answer.status_code == 200 and answer.get_json()["stored"] is True
        refused = client.post(path, json={"query": "飞船"},
                              headers={"Authorization": f"Device {lobby}"})
        assert refused.status_code == 403 and refused.get_json()["error"] == "not_a_kiosk"
        assert stored_queries(db) == {"飞船": 1}
    finally:
        closed.extensions["bianmin"].db.dispose()


def test_reports_past_the_limit_get_429(settings: Settings, db) -> None:  # type: ignore[no-untyped-def]
    limited = create_app(settings.replace(search_miss_limit="2 per minute"))
    try:
        client = limited.test_client()
        assert report(client, "飞船一").status_code == 200
        assert report(client, "飞船二").status_code == 200
        refused = report(client, "飞船三")
        assert refused.status_code == 429 and refused.headers["Retry-After"]
        assert set(stored_queries(db)) == {"飞船一", "飞船二"}
    finally:
        limited.extensions["bianmin"].db.dispose()


def test_the_cli_prints_the_log(client, db, instance, capsys) -> None:  # type: ignore[no-untyped-def]
    report(client, "飞船发射")
    report(client, "飞船发射")
    assert main(["catalog", "misses", "--hall", "demo", "--json", "--instance", str(instance)]) == 0
    body = json.loads(capsys.readouterr().out)
    assert [(m["query"], m["count"]) for m in body["misses"]] == [("飞船发射", 2)]
    assert main(["catalog", "misses", "--hall", "demo", "--days", "7", "--instance", str(instance)]) == 0
    out = capsys.readouterr().out
    assert "飞船发射" in out and "最近 7 天" in out


def test_misses_count_up_on_postgresql_and_sqlite(any_db: Database) -> None:
    now = datetime.now(timezone.utc)
    with any_db.write() as session:
        hall = create_hall(session, "pgmiss", "测试便民服务中心")
        session.flush()
        for _ in range(3):
            record_miss(session, hall, "飞船", now)
    with any_db.read() as session:
        hall = session.scalar(select(Hall).where(Hall.code == "pgmiss"))
        assert session.scalar(select(func.sum(SearchMiss.count))
                              .where(SearchMiss.hall_id == hall.id)) == 3
    with any_db.write() as session:  # leave the shared PostgreSQL database as it was
        session.delete(session.scalar(select(Hall).where(Hall.code == "pgmiss")))
