"""The service guide (八公开) and withdrawn matters: loaded on SQLite and PostgreSQL, exported
and imported again unchanged, refused a ticket; and the catalog API and search over them."""

from __future__ import annotations

import io
import uuid

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from bianmin.catalog.guide import GUIDE_FIELDS
from bianmin.catalog.importer import read_catalog
from bianmin.catalog.loader import load_catalog
from bianmin.catalog.models import Scenario
from bianmin.catalog.queries import get_hall
from bianmin.catalog.workbook import export_workbook, workbook_text
from bianmin.db import Database
from bianmin.queue.errors import MatterWithdrawn
from bianmin.queue.models import Ticket
from bianmin.queue.tickets import issue_ticket
from tests.support.guide_hall import (
    HALL,
    NO_GUIDE,
    SHORT_GUIDE,
    WITH_GUIDE,
    WITHDRAWN,
    add_guide_hall,
)

API = f"/api/v1/halls/{HALL}"


def scenario_id(db: Database, name: str, hall: str = HALL) -> int:
    with db.read() as session:
        return session.scalar(select(Scenario.id).where(
            Scenario.name == name, Scenario.hall_id == get_hall(session, hall).id))


def fresh_code() -> str:
    return f"g{uuid.uuid4().hex[:8]}"


def stored(db: Database, code: str) -> dict[str, tuple]:
    """Every scenario of the guide hall as the database holds it."""
    with db.read() as session:
        hall = get_hall(session, code)
        rows = session.scalars(select(Scenario).where(Scenario.hall_id == hall.id)).all()
        return {s.name: (s.withdrawn, s.handed_to, s.window_group_id is None, tuple(s.guide.items()))
                for s in rows}


def test_guide_columns_and_withdrawn_matters_survive_export_and_import(any_db: Database) -> None:
    code = fresh_code()
    first = add_guide_hall(any_db, code)
    assert first.created == 6 and first.queues_created == 2  # the withdrawn take no queue
    before = stored(any_db, code)
    assert before[WITH_GUIDE][3] == tuple((f.key, before[WITH_GUIDE][3][i][1]) for i, f in enumerate(GUIDE_FIELDS))
    assert all(text for _, text in before[WITH_GUIDE][3])
    assert dict(before[SHORT_GUIDE][3]) == {"basis": "", "conditions": "", "procedure": "", "fees": "无收费",
                                            "place": "", "hours": "正常工作日", "delivery": "", "enquiry": ""}
    assert {name: (w, to, no_queue) for name, (w, to, no_queue, _) in before.items() if w} == {
        name: (True, to, True) for name, to in WITHDRAWN.items()}

    with any_db.read() as session:
        data = export_workbook(session, get_hall(session, code))
    header = [c.value for c in next(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, max_row=2))]
    assert header[10:] == [f.label for f in GUIDE_FIELDS] + ["承接部门"]
    again = read_catalog(workbook_text(data))
    assert again.errors == []
    with any_db.write() as session:
        report = load_catalog(session, get_hall(session, code), again)
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (0, 0, 6, 0), report.changed
    assert stored(any_db, code) == before


def test_no_ticket_for_a_withdrawn_matter(any_db: Database) -> None:
    code = fresh_code()
    add_guide_hall(any_db, code)
    withdrawn = scenario_id(any_db, "工伤认定调查", code)
    with pytest.raises(MatterWithdrawn) as refused:
        issue_ticket(any_db, hall_code=code, scenario_id=withdrawn, request_id="r-1")
    assert refused.value.message.startswith("本中心不再受理，请到：师市人社局")
    with any_db.read() as session:
        assert session.scalar(select(Ticket.id).where(Ticket.scenario_id == withdrawn)) is None
    issued = issue_ticket(any_db, hall_code=code, scenario_id=scenario_id(any_db, WITH_GUIDE, code))
    assert issued.created and issued.info is not None and issued.info.number == "A001"


@pytest.fixture
def guide_client(client: FlaskClient, db: Database) -> FlaskClient:
    add_guide_hall(db)
    return client


def test_the_catalog_carries_the_guide_and_the_withdrawn_matters(guide_client: FlaskClient) -> None:
    body = guide_client.get(f"{API}/catalog").get_json()
    assert [s["name"] for s in body["scenarios"]] == [WITH_GUIDE, SHORT_GUIDE, NO_GUIDE]
    by_name = {s["name"]: s for s in body["scenarios"]}
    assert [g["label"] for g in by_name[WITH_GUIDE]["guide"]] == [f.label for f in GUIDE_FIELDS]
    assert by_name[SHORT_GUIDE]["guide"] == [
        {"key": "fees", "label": "收费", "text": "无收费"},
        {"key": "hours", "label": "办理时间", "text": "正常工作日"}]
    assert by_name[NO_GUIDE]["guide"] == [] and not by_name[NO_GUIDE]["withdrawn"]
    assert {s["name"]: (s["handed_to"], s["queue"], s["windows"], s["withdrawn_text"])
            for s in body["withdrawn"]} == {
        name: (to, None, [], f"本中心不再受理，请到：{to}") for name, to in WITHDRAWN.items()}
    # browsing never lists a withdrawn matter: it has no window to go to
    groups = guide_client.get(f"{API}/catalog/browse?by=section").get_json()["groups"]
    assert [g["name"] for g in groups] == ["社会保险事项"]
    one = guide_client.get(f"{API}/scenarios/{body['withdrawn'][0]['id']}").get_json()
    assert one["withdrawn"] and one["active"] and one["handed_to"] == "师市医疗保障局"


@pytest.mark.parametrize("query", ["医疗救助", "yiliaojiuzhu", "yljz"])
def test_search_finds_a_withdrawn_matter_and_says_where_to_go(guide_client: FlaskClient, query: str) -> None:
    results = guide_client.get(f"{API}/catalog/search?q={query}").get_json()["results"]
    assert results[0]["name"] == "医疗救助待遇审批"
    assert results[0]["withdrawn"] and results[0]["queue"] is None
    assert results[0]["withdrawn_text"] == "本中心不再受理，请到：师市医疗保障局"


def test_the_ticket_api_refuses_a_withdrawn_matter_in_chinese(guide_client: FlaskClient, db: Database) -> None:
    withdrawn = scenario_id(db, "拖拉机、联合收割机操作人员操作证件核发")
    answer = guide_client.post(f"{API}/tickets", json={"scenario_id": withdrawn, "request_id": "k-1"})
    assert answer.status_code == 409, answer.get_data(as_text=True)
    body = answer.get_json()
    assert body["error"] == "matter_withdrawn"
    assert body["message"] == "本中心不再受理，请到：师市农业农村局。此事项不取号。"
    assert body["details"] == {"handed_to": "师市农业农村局"}
    taken = guide_client.post(f"{API}/tickets", json={"scenario_id": scenario_id(db, NO_GUIDE), "request_id": "k-2"})
    assert taken.status_code == 201 and taken.get_json()["number"] == "B001"
