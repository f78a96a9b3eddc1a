"""The domain side of the managers' catalog changes on SQLite and PostgreSQL: a preview
writes nothing, an apply is one transaction, stranded visitors are refused then settled."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bianmin.catalog import admin, upload
from bianmin.catalog.models import Hall, Scenario, Window
from bianmin.db import Database
from bianmin.queue.models import Ticket, TicketStatus
from bianmin.queue.tickets import issue_ticket
from tests.support.live import add_hall

HEADER = "序号\t部门\t事项名称\t细化应用场景\t事项类型\t办理要件\t窗口号\t联系电话\t办理时限\t备注"
ACTOR = admin.Actor(staff_id=None, username="tester")


def catalog(*rows: str) -> bytes:
    return ("\n".join([HEADER, "乡镇级办结事项", *rows]) + "\n").encode()


ROW1 = "1\t民政办\t低保\t低保申请\t行政给付\t1.身份证 2.户口簿\t1-2号窗口\t0999-1\t5个工作日\t负责办结"
ROW2 = "2\t民政办\t临时救助\t临时救助申请\t行政给付\t1.身份证\t3号窗口\t0999-2\t即时办理\t负责办结"


@pytest.fixture
def hall(any_db: Database) -> str:
    code = f"h{uuid.uuid4().hex[:8]}"
    add_hall(any_db, code, {"A": [1, 2], "B": [3]})
    return code


def test_preview_writes_nothing_and_apply_keeps_ids(any_db: Database, hall: str) -> None:
    first = catalog(ROW1, ROW2)
    preview = upload.preview(any_db, hall, first, secret="k")
    assert preview["can_apply"] and preview["changes"]["added"] == 2
    with any_db.read() as session:
        version = session.scalar(select(Hall.catalog_version).where(Hall.code == hall))
        assert session.scalar(select(Scenario.id).where(Scenario.name == "低保申请")) is None
    applied = upload.apply(any_db, hall, first, preview["token"], secret="k", staff_id=None, username="t")
    assert applied["catalog_version"] == version + 1
    with any_db.read() as session:
        ids = dict(session.execute(select(Scenario.name, Scenario.id).where(
            Scenario.hall_id == applied["hall_id"], Scenario.active)).all())
    second = catalog(ROW1.replace("2.户口簿", "2.户口簿 3.照片"))
    preview = upload.preview(any_db, hall, second, secret="k")
    changes = preview["changes"]
    assert (changes["added"], changes["changed"], changes["retired"]) == (0, 1, 1)
    assert changes["retired_scenarios"][0]["name"] == "临时救助申请"
    with pytest.raises(upload.PreviewStale):
        upload.apply(any_db, hall, catalog(ROW1), preview["token"], secret="k", staff_id=None, username="t")
    upload.apply(any_db, hall, second, preview["token"], secret="k", staff_id=None, username="t")
    with any_db.read() as session:
        assert session.scalar(select(Scenario.id).where(Scenario.name == "低保申请",
                                                        Scenario.hall_id == applied["hall_id"])) == ids["低保申请"]


def test_a_stranding_change_is_refused_then_settled(any_db: Database, hall: str) -> None:
    with any_db.read() as session:
        scenario = session.scalar(select(Scenario.id).join(Hall, Hall.id == Scenario.hall_id)
                                  .where(Hall.code == hall).order_by(Scenario.id).offset(1).limit(1))
    issue_ticket(any_db, hall_code=hall, scenario_id=scenario)
    with pytest.raises(admin.WouldStrand) as refused:
        admin.change_window(any_db, hall, 3, {"active": False}, ACTOR)
    assert refused.value.details["waiting"] == 1
    with any_db.read() as session:  # nothing written
        assert session.scalar(select(Window.active).join(Hall, Hall.id == Window.hall_id)
                              .where(Hall.code == hall, Window.number == 3)) is True
    change = admin.change_window(any_db, hall, 3, {"active": False}, ACTOR, waiting="close")
    assert change.answer["active"] is False and len(change.events) == 1
    with any_db.read() as session:
        assert session.scalars(select(Ticket.status).where(Ticket.scenario_id == scenario)).all() == [
            TicketStatus.CANCELLED]
