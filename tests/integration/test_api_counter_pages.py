"""The counter pages: sign-in form, the window screen, and who is sent where."""

from __future__ import annotations

import json
import re

import pytest

from bianmin.staff.service import add_staff

PASSWORD = "chuangkou-1"


@pytest.fixture
def staff(db):  # type: ignore[no-untyped-def]
    add_staff(db, hall_code="demo", username="zhang", password=PASSWORD, display_name="张三",
              windows=[3], hash_method="pbkdf2:sha256:1000")


def config_of(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="counter-config">(.*?)</script>', html, re.S)
    assert found, "the page carries its config"
    return json.loads(found.group(1))


def test_sign_in_page_is_chinese_and_has_the_form(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/counter/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="zh-CN"' in html and "窗口工作人员登录" in html
    for name in ("username", "password", "window"):
        assert f'name="{name}"' in html
    assert config_of(html)["next"] == "/counter/window"
    assert "/static/base.css" in html  # the shared look, not a copy


def test_window_page_without_a_session_goes_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/counter/window")
    assert response.status_code == 302 and response.headers["Location"].endswith("/counter/")


def test_signed_in_staff_get_their_window(client, staff) -> None:  # type: ignore[no-untyped-def]
    client.post("/api/v1/session", json={"username": "zhang", "password": PASSWORD, "window": 3})
    assert client.get("/counter/").headers["Location"].endswith("/counter/window")
    html = client.get("/counter/window").get_data(as_text=True)
    config = config_of(html)
    assert (config["window"], config["hall"], config["staff"]) == (3, "demo", "张三")
    assert config["timezone"] == "Asia/Shanghai"
    assert "3号窗口" in html
    for label, key in [("叫号", "F1"), ("重呼", "F2"), ("开始办理", "F3"), ("办结", "F4"),
                       ("过号", "F5"), ("转移", "F6"), ("暂停服务", "F8")]:
        assert re.search(rf">{label}<kbd>{key}", html), label


def test_a_disabled_account_is_sent_back_to_sign_in(client, db, staff) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from bianmin.staff.models import Staff

    client.post("/api/v1/session", json={"username": "zhang", "password": PASSWORD, "window": 3})
    with db.write() as session:
        session.scalars(select(Staff)).one().active = False
    assert client.get("/counter/window").headers["Location"].endswith("/counter/")
    assert client.get("/counter/").status_code == 200


def test_counter_scripts_and_styles_are_served(client) -> None:  # type: ignore[no-untyped-def]
    counter = ("js/counter.js", "js/render.js", "js/signin.js", "counter.css")
    shared = ("js/api.js", "js/dom.js")  # with the managers' pages, in the app's static folder
    for path in [f"/counter/static/{p}" for p in counter] + [f"/static/{p}" for p in shared]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"http://" not in response.data and b"https://" not in response.data  # no CDN
        response.close()
