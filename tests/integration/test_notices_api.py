"""Written notices through the counter API on the demo hall: 受理/补正/退办 at 办结, the
notice's JSON, preview (PNG, PDF), reprint, its print job, the status page, and the 4xx."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from bianmin.catalog.models import Scenario, TimeLimitKind, WindowGroup
from bianmin.notices.models import Notice
from bianmin.printer.models import PrintJob
from bianmin.queue.models import Ticket
from bianmin.queue.tickets import issue_ticket
from bianmin.staff.service import add_staff

FAST = "pbkdf2:sha256:1000"
PASSWORD = "chuangkou-1"


@pytest.fixture
def desk(client, db):  # type: ignore[no-untyped-def]
    """wang (工号 A07) signed in at the first window of a 承诺件 with several papers."""
    with db.read() as session:
        scenario = session.scalars(
            select(Scenario).where(Scenario.time_limit_kind == TimeLimitKind.WORKING_DAYS,
                                   Scenario.promised_days > 1, Scenario.active)
            .order_by(Scenario.id)).first()
        group = session.get(WindowGroup, scenario.window_group_id)
        window = group.window_numbers[0]
        sid = scenario.id
    add_staff(db, hall_code="demo", username="wang", password=PASSWORD, display_name="王芳",
              hash_method=FAST)
    with db.write() as session:
        from bianmin.staff.models import Staff
        session.scalar(select(Staff).where(Staff.username == "wang")).employee_no = "A07"
    assert client.post("/api/v1/session", json={"username": "wang", "password": PASSWORD,
                                                "window": window}).status_code == 200
    return {"window": window, "scenario": sid}


def serve(client, db, desk) -> dict:  # type: ignore[no-untyped-def]
    issue_ticket(db, hall_code="demo", scenario_id=desk["scenario"])
    called = client.post(f"/api/v1/windows/{desk['window']}/call-next", json={})
    assert called.status_code == 200, called.get_json()
    return called.get_json()


def finish(client, desk, outcome: str, notice: dict | None = None):  # type: ignore[no-untyped-def]
    body = {"outcome": outcome}
    if notice is not None:
        body["notice"] = notice
    return client.post(f"/api/v1/windows/{desk['window']}/finish", json=body)


def wait_printed(client, notice_id: int) -> dict:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/notices/{notice_id}").get_json()
        if body["print"]["status"] != "pending":
            return body
        time.sleep(0.05)
    raise AssertionError("the notice never left pending")


def test_supplement_lists_exactly_the_ticked_papers_and_prints(client, db, desk) -> None:  # type: ignore[no-untyped-def]
    ticket = serve(client, db, desk)
    materials = ticket["materials"]
    assert len(materials) >= 2
    response = finish(client, desk, "supplement", {"missing": [2, 1], "note": "户口本复印件须清晰"})
    assert response.status_code == 200, response.get_json()
    notice = response.get_json()["notice"]
    assert notice["kind"] == "supplement" and notice["title"] == "补齐补正通知书"
    assert notice["missing"] == [materials[0], materials[1]]  # checklist order, each once
    assert notice["note"] == "户口本复印件须清晰"
    assert notice["staff"] == "王芳（工号 A07）"
    assert notice["window_number"] == desk["window"]
    assert notice["number"].startswith("六十二团便民〔") and notice["number"].endswith("-001号")
    printed = wait_printed(client, notice["id"])
    assert printed["print"]["status"] == "printed", printed["print"]
    assert [h["attempt"] for h in printed["history"]] == [1]
    # the job is the notice's, not the ticket's: the kiosk's print status never reads it
    with db.read() as session:
        job = session.get(PrintJob, printed["history"][0]["job_id"])
        assert (job.purpose, job.notice_id, job.ticket_id) == ("notice", notice["id"], None)
    png = client.get(notice["preview_url"])
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    pdf = client.get(notice["pdf_url"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # the ticket's status page shows the notice and the two papers
    with db.read() as session:
        ticket_row = session.get(Ticket, ticket["id"])
        assert ticket_row.status.value == "done"
    from bianmin.web.tokens import ticket_token
    page = client.get(f"/t/{ticket_token('test-key', ticket['id'])}").get_data(as_text=True)
    assert "补齐补正通知书" in page and notice["number"] in page
    assert materials[0] in page and materials[1] in page and "户口本复印件须清晰" in page


def test_accepted_has_the_promised_date_and_numbers_count_up(client, db, desk) -> None:  # type: ignore[no-untyped-def]
    serve(client, db, desk)
    first = finish(client, desk, "受理").get_json()["notice"]
    assert first["title"] == "受理通知书"
    assert first["promised_days"] and first["promised_date"] > first["issued_at"][:10]
    serve(client, db, desk)
    second = finish(client, desk, "refused", {"reason": "申请人不符合办理条件",
                                               "turn_to": "县政务服务中心"}).get_json()["notice"]
    assert second["title"] == "不予受理告知书"
    assert (second["reason"], second["turn_to"]) == ("申请人不符合办理条件", "县政务服务中心")
    assert first["number"].endswith("-001号") and second["number"].endswith("-002号")
    # the counter's day offers the reasons and the last notice for 补打
    today = client.get(f"/api/v1/windows/{desk['window']}").get_json()
    assert "申请人不符合办理条件" in today["notice_reasons"]
    assert today["last_notice"]["id"] == second["id"]


def test_reprint_makes_a_second_attempt_and_is_audited(client, db, desk) -> None:  # type: ignore[no-untyped-def]
    serve(client, db, desk)
    notice = finish(client, desk, "accepted").get_json()["notice"]
    wait_printed(client, notice["id"])
    again = client.post(f"/api/v1/notices/{notice['id']}/reprint", json={})
    assert again.status_code == 200, again.get_json()
    body = again.get_json()
    assert body["print"]["status"] == "printed" and body["print"]["attempt"] == 2
    assert [h["attempt"] for h in body["history"]] == [1, 2]
    from bianmin.audit.models import AuditEvent
    with db.read() as session:
        kinds = [e.kind for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert "notice.issued" in kinds and "notice.reprinted" in kinds


@pytest.mark.parametrize("outcome, notice, code", [
    ("supplement", None, "notice_incomplete"),
    ("supplement", {"missing": []}, "notice_incomplete"),
    ("supplement", {"missing": [999]}, "invalid_notice"),
    ("supplement", {"missing": ["1"]}, "invalid_notice"),
    ("refused", {"turn_to": "县里"}, "notice_incomplete"),
    ("refused", {"reason": "x" * 201}, "invalid_notice"),
    ("refused", {"reason": "   "}, "notice_incomplete"),
])
def test_a_notice_without_what_it_needs_is_400_and_finishes_nothing(  # type: ignore[no-untyped-def]
        client, db, desk, outcome, notice, code) -> None:
    ticket = serve(client, db, desk)
    response = finish(client, desk, outcome, notice)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == code and body["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    with db.read() as session:
        assert session.get(Ticket, ticket["id"]).status.value == "called"
        assert session.scalar(select(Notice.id)) is None


def test_other_outcomes_issue_no_notice(client, db, desk) -> None:  # type: ignore[no-untyped-def]
    serve(client, db, desk)
    response = finish(client, desk, "done", {"reason": "ignored"})
    assert response.status_code == 200 and response.get_json()["notice"] is None


def test_notices_are_for_signed_in_staff_of_their_hall(client, db, desk) -> None:  # type: ignore[no-untyped-def]
    serve(client, db, desk)
    notice = finish(client, desk, "accepted").get_json()["notice"]
    assert client.get("/api/v1/notices/999999").status_code == 404
    assert client.get("/api/v1/notices/abc").status_code in (400, 404)
    client.delete("/api/v1/session")
    for path in (f"/api/v1/notices/{notice['id']}", notice["preview_url"]):
        assert client.get(path).status_code == 401
    assert client.post(f"/api/v1/notices/{notice['id']}/reprint", json={}).status_code == 401


def test_the_windows_own_printer_wins_over_the_default(client, db, desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bianmin.devices.service import add_device, revoke

    folder = tmp_path / "window-printer"
    folder.mkdir()
    add_device(db, "demo", "w-notice", "window", window=desk["window"], printer=f"preview://{folder}")
    serve(client, db, desk)
    notice = finish(client, desk, "accepted").get_json()["notice"]
    printed = wait_printed(client, notice["id"])
    assert printed["print"]["status"] == "printed"
    assert printed["history"][0]["device"] == f"preview://{folder}"
    assert len(list(folder.glob("*.bin"))) == 1
    # revoked: back to the default printer
    revoke(db, "demo", "w-notice")
    again = client.post(f"/api/v1/notices/{notice['id']}/reprint", json={}).get_json()
    assert again["history"][-1]["device"] != f"preview://{folder}"
    assert len(list(folder.glob("*.bin"))) == 1
