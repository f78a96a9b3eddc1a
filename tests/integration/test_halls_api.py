"""GET /api/v1/halls (the managers' hall switcher) and a county manager's view of any hall."""

from __future__ import annotations

from flask.testing import FlaskClient

from bianmin.catalog.halls import create_hall
from bianmin.staff.service import add_staff
from tests.integration.test_api_counter import FAST, PASSWORD, sign_in
from tests.integration.test_ratings_api import people  # noqa: F401


def _north(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as session:
        create_hall(session, "north", "北区便民服务中心")
    add_staff(db, hall_code="demo", username="county", password=PASSWORD, display_name="王科长",
              hash_method=FAST, role="county")


def test_signed_out_401_staff_403(client: FlaskClient, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert client.get("/api/v1/halls").status_code == 401
    assert sign_in(client, "zhang", 1).status_code == 200
    staff = client.get("/api/v1/halls")
    assert staff.status_code == 403 and staff.get_json()["error"] == "manager_only"


def test_a_manager_sees_the_own_hall_a_county_manager_every_hall(client, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _north(db)
    assert sign_in(client, "boss", None).status_code == 200
    mine = client.get("/api/v1/halls").get_json()
    assert mine["county"] is False and mine["home"] == "demo"
    assert [h["code"] for h in mine["halls"]] == ["demo"]
    client.delete("/api/v1/session")
    assert sign_in(client, "county", None).status_code == 200
    every = client.get("/api/v1/halls").get_json()
    assert every["county"] is True and every["home"] == "demo"
    assert [(h["code"], h["name"]) for h in every["halls"]] == [
        ("demo", "六十二团便民服务中心"), ("north", "北区便民服务中心")]


def test_a_county_manager_sees_the_dashboard_of_the_hall_asked_for(client, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _north(db)
    assert sign_in(client, "county", None).status_code == 200
    north = client.get("/api/v1/halls/north/dashboard")
    assert north.status_code == 200, north.get_json()
    assert north.get_json()["hall"] == "north" and north.get_json()["hall_name"] == "北区便民服务中心"
    assert client.get("/api/v1/halls/demo/dashboard").get_json()["hall"] == "demo"


def test_the_managers_pages_of_another_hall(client, db, people) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _north(db)
    assert sign_in(client, "boss", None).status_code == 200
    assert "全县" not in client.get("/manage/reports").get_data(as_text=True)
    assert client.get("/manage/county").status_code == 403
    assert client.get("/manage/reports?hall=north").status_code == 403
    client.delete("/api/v1/session")
    assert sign_in(client, "county", None).status_code == 200
    page = client.get("/manage/reports?hall=north").get_data(as_text=True)
    assert "北区便民服务中心" in page and "全县" in page
    assert client.get("/manage/county").status_code == 200
    printed = client.get("/manage/reports/print?hall=north&month=2026-11").get_data(as_text=True)
    assert "北区便民服务中心" in printed and "2026-11-01 至 2026-11-30" in printed
    bad = client.get("/manage/reports/print?month=2026-13")
    assert bad.status_code == 400 and "月份" in bad.get_data(as_text=True)
