"""The fair green channel's settings over HTTP (demo hall, SQLite, in-process): the hall's two
limits on 服务中心设置, the 专窗 flag on 窗口与队列, and a 专窗 calling at the counter."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bianmin.audit.models import AuditEvent
from bianmin.queue.models import Priority
from tests.integration.test_admin_catalog_api import boss, people  # noqa: F401
from tests.integration.test_api_counter import post, sign_in, take

H = "/api/v1/halls/demo"


def audit(db, kind: str) -> list[dict]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return [e.detail for e in session.scalars(
            select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id))]


def test_the_two_limits_default_change_and_are_audited(boss, db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    hall = boss.get(H).get_json()
    assert (hall["green_streak_limit"], hall["normal_wait_limit_minutes"]) == (2, 45)
    changed = boss.patch(H, json={"green_streak_limit": 3, "normal_wait_limit_minutes": 30.0})
    assert changed.status_code == 200, changed.get_json()
    assert (changed.get_json()["green_streak_limit"], changed.get_json()["normal_wait_limit_minutes"]) == (3, 30)
    assert boss.get(H).get_json()["green_streak_limit"] == 3
    row = audit(db, "hall.changed")[-1]
    assert row["fields"] == ["green_streak_limit", "normal_wait_limit_minutes"]
    assert row["changes"]["green_streak_limit"] == {"old": "2", "new": "3"}


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"green_streak_limit": 0}, "green_streak_limit", "绿色通道连续叫号上限须为 1–10 的整数"),
    ({"green_streak_limit": 11}, "green_streak_limit", "绿色通道连续叫号上限须为 1–10 的整数"),
    ({"green_streak_limit": "2"}, "green_streak_limit", "绿色通道连续叫号上限须为 1–10 的整数"),
    ({"green_streak_limit": True}, "green_streak_limit", "绿色通道连续叫号上限须为 1–10 的整数"),
    ({"green_streak_limit": 2.5}, "green_streak_limit", "绿色通道连续叫号上限须为 1–10 的整数"),
    ({"green_streak_limit": None}, "green_streak_limit", "绿色通道连续叫号上限须为 1–10 的整数"),
    ({"normal_wait_limit_minutes": 4}, "normal_wait_limit_minutes", "普通号最长等候时间须为 5–480"),
    ({"normal_wait_limit_minutes": 481}, "normal_wait_limit_minutes", "普通号最长等候时间须为 5–480"),
    ({"normal_wait_limit_minutes": ""}, "normal_wait_limit_minutes", "普通号最长等候时间须为 5–480"),
])
def test_wrong_limits_are_refused_in_chinese_and_nothing_changes(boss, body, field, message) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    answer = boss.patch(H, json={"notice": "今天下午停电", **body})
    assert answer.status_code == 400, answer.get_json()
    error = answer.get_json()
    assert error["error"] == "invalid_hall" and error["message"].startswith(message)
    assert [f["field"] for f in error["details"]["fields"]] == [field]
    assert error["details"]["fields"][0]["problem"] == error["message"]
    hall = boss.get(H).get_json()
    assert (hall["green_streak_limit"], hall["normal_wait_limit_minutes"], hall["notice"]) == (2, 45, "")


def test_the_hall_page_has_the_two_fields(boss) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = boss.get("/manage/hall").get_data(as_text=True)
    assert 'name="green_streak_limit"' in page and 'name="normal_wait_limit_minutes"' in page


def test_a_window_made_the_green_channel_calls_green_tickets_of_every_queue(boss, client, db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    listing = boss.get(f"{H}/windows").get_json()["windows"]
    assert all(w["green_channel"] is False for w in listing)
    made = boss.patch(f"{H}/windows/1", json={"green_channel": True})
    assert made.status_code == 200 and made.get_json()["green_channel"] is True
    assert [w["number"] for w in boss.get(f"{H}/windows").get_json()["windows"] if w["green_channel"]] == [1]
    assert audit(db, "window.changed")[-1]["fields"] == ["green_channel"]
    added = boss.post(f"{H}/windows", json={"number": 40, "queues": [], "green_channel": True})
    assert added.status_code == 201 and added.get_json()["green_channel"] is True
    assert audit(db, "window.added")[-1]["green_channel"] is True
    refused = boss.patch(f"{H}/windows/1", json={"green_channel": "yes"})
    assert refused.status_code == 400 and refused.get_json()["details"]["fields"][0]["field"] == "green_channel"
    assert "绿色通道专窗" in boss.get("/manage/windows").get_data(as_text=True)
    # at the counter: window 1 (queues A, B in the demo hall) calls a green ticket of queue L
    # before its own older normal ticket; a window of L sees that ticket leave its line
    boss.delete("/api/v1/session")
    take(db, "A")
    green = take(db, "L", Priority.GREEN)
    assert sign_in(client, "zhang", 1).status_code == 200
    line = client.get("/api/v1/windows/1").get_json()["waiting"]
    assert [t["id"] for t in line][:1] == [green]
    called = post(client, 1, "call-next")
    assert called.status_code == 200 and called.get_json()["id"] == green
