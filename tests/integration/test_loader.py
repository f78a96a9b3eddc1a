"""load_catalog on real SQLite files and the real PostgreSQL server: load, reload, change."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from bianmin.catalog.demo import demo_catalog_text
from bianmin.catalog.halls import create_hall
from bianmin.catalog.importer import parse_catalog
from bianmin.catalog.loader import LoadReport, load_catalog
from bianmin.catalog.models import Department, Hall, Material, Matter, Scenario, Window, WindowGroup
from bianmin.catalog.profile import HallProfile, demo_profile
from bianmin.db import Database
from tests.support.catalog_text import catalog, heading, row


@pytest.fixture
def hall_code(any_db: Database) -> str:
    code = f"t{uuid.uuid4().hex[:10]}"  # the PostgreSQL database is shared by the session
    with any_db.write() as session:
        create_hall(session, code, "测试便民服务中心")
    return code


def load(db: Database, code: str, text: str, profile: HallProfile | None = None) -> LoadReport:
    parsed = parse_catalog(text)
    with db.write() as session:
        hall = session.scalar(select(Hall).where(Hall.code == code))
        return load_catalog(session, hall, parsed, profile)


def scenarios(db: Database, code: str) -> list[Scenario]:
    with db.read() as session:
        hall_id = session.scalar(select(Hall.id).where(Hall.code == code))
        rows = session.scalars(select(Scenario).where(Scenario.hall_id == hall_id).order_by(Scenario.id)).all()
        for s in rows:
            _ = [m.text for m in s.materials], s.window_group.prefix, s.matter, s.department
        return list(rows)


def queues(db: Database, code: str) -> dict[str, tuple[str, list[int], str]]:
    with db.read() as session:
        hall_id = session.scalar(select(Hall.id).where(Hall.code == code))
        groups = session.scalars(select(WindowGroup).where(WindowGroup.hall_id == hall_id)).all()
        return {g.name: (g.prefix, g.window_numbers, g.domain) for g in groups}


SMALL = [
    heading("乡镇级办结事项 2项，细化应用场景 3个"),
    row(1, "高龄津贴的审核", department="62团便民服务中心", matter="高龄补贴的审核", kind="其他行政权力",
        materials="1.身份证复印件 2.一寸照片", window="7号窗口", time_limit="1个工作日"),
    row(2, "高龄津贴的发放", window="7号窗口"),
    row(3, "居民医保参保登记", matter="居民医保", materials="有效身份证件", window="15-20号窗口",
        phone="0999-8189304"),
]


def test_a_first_load_creates_everything(any_db: Database, hall_code: str) -> None:
    report = load(any_db, hall_code, catalog(*SMALL))
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (3, 0, 0, 0)
    assert (report.departments_created, report.matters_created, report.windows_created, report.queues_created) == (1, 2, 7, 2)
    assert report.catalog_version == 1
    rows = scenarios(any_db, hall_code)
    assert [(s.name, s.section, s.seq, s.position, s.source_line, s.active) for s in rows] == [
        ("高龄津贴的审核", "乡镇级办结事项", 1, 0, 5, True),
        ("高龄津贴的发放", "乡镇级办结事项", 2, 1, 6, True),
        ("居民医保参保登记", "乡镇级办结事项", 3, 2, 7, True),
    ]
    first = rows[0]
    assert [m.text for m in first.materials] == ["身份证复印件", "一寸照片"]
    assert (first.matter.name, first.matter.kind, first.department.name) == ("高龄补贴的审核", "其他行政权力", "62团便民服务中心")
    assert rows[1].matter_id == first.matter_id
    assert (first.time_limit_kind.value, first.promised_days, first.role.value) == ("working_days", 1, "complete")
    assert queues(any_db, hall_code) == {"7号窗口": ("A", [7], ""), "15-20号窗口": ("B", [15, 16, 17, 18, 19, 20], "")}
    with any_db.read() as session:
        window = session.scalar(select(Window).where(Window.number == 16, Window.hall_id == first.hall_id))
        assert (window.name, window.phone) == ("16号窗口", "0999-8189304")


def test_reloading_keeps_ids_and_bumps_the_catalog_version(any_db: Database, hall_code: str) -> None:
    load(any_db, hall_code, catalog(*SMALL))
    before = {s.name: (s.id, [m.id for m in s.materials]) for s in scenarios(any_db, hall_code)}
    report = load(any_db, hall_code, catalog(*SMALL))
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (0, 0, 3, 0)
    assert report.catalog_version == 2
    after = {s.name: (s.id, [m.id for m in s.materials]) for s in scenarios(any_db, hall_code)}
    assert after == before  # unchanged materials are not even rewritten
    with any_db.read() as session:
        assert session.scalar(select(Hall.catalog_version).where(Hall.code == hall_code)) == 2
        hall_id = session.scalar(select(Hall.id).where(Hall.code == hall_code))
        assert session.scalar(select(func.count()).select_from(Department).where(Department.hall_id == hall_id)) == 1
        assert session.scalar(select(func.count()).select_from(Matter).where(Matter.hall_id == hall_id)) == 2


def test_a_removed_scenario_becomes_inactive_and_comes_back_with_its_id(any_db: Database, hall_code: str) -> None:
    load(any_db, hall_code, catalog(*SMALL))
    ids = {s.name: s.id for s in scenarios(any_db, hall_code)}
    report = load(any_db, hall_code, catalog(heading("乡镇级办结事项 2项，细化应用场景 2个"), SMALL[1], SMALL[3]))
    assert (report.created, report.deactivated) == (0, 1)
    state = {s.name: (s.id, s.active) for s in scenarios(any_db, hall_code)}
    assert state["高龄津贴的发放"] == (ids["高龄津贴的发放"], False)  # kept for the tickets that point at it
    assert state["高龄津贴的审核"] == (ids["高龄津贴的审核"], True)
    report = load(any_db, hall_code, catalog(*SMALL))
    assert (report.created, report.updated, report.deactivated) == (0, 1, 0)
    assert {s.name: (s.id, s.active) for s in scenarios(any_db, hall_code)}["高龄津贴的发放"] == (ids["高龄津贴的发放"], True)


def test_inserted_rows_renumber_without_changing_identities(any_db: Database, hall_code: str) -> None:
    load(any_db, hall_code, catalog(*SMALL))
    ids = {s.name: s.id for s in scenarios(any_db, hall_code)}
    changed = catalog(
        heading("乡镇级办结事项 2项，细化应用场景 4个"),
        row(1, "新的场景", department="62团便民服务中心", matter="高龄补贴的审核", window="7号窗口"),
        SMALL[1].replace("1\t62团便民服务中心\t", "2\t\t", 1),
        SMALL[2].replace("2\t", "3\t", 1),
        SMALL[3].replace("3\t", "4\t", 1).replace("有效身份证件", "1.有效身份证件 2.医保电子凭证"),
    )
    report = load(any_db, hall_code, changed)
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (1, 3, 0, 0)
    rows = {s.name: s for s in scenarios(any_db, hall_code)}
    assert {name: rows[name].id for name in ids} == ids
    assert [(rows[n].seq, rows[n].position) for n in ["新的场景", "高龄津贴的审核", "居民医保参保登记"]] == [(1, 0), (2, 1), (4, 3)]
    assert [m.text for m in rows["居民医保参保登记"].materials] == ["有效身份证件", "医保电子凭证"]
    with any_db.read() as session:
        assert session.scalar(
            select(func.count()).select_from(Material).where(Material.scenario_id == ids["居民医保参保登记"])
        ) == 2  # replaced, not appended


def test_same_named_rows_are_told_apart_by_their_order(any_db: Database, hall_code: str) -> None:
    twice = [heading("其他便民服务事项 2个"),
             row(1, "大中专生毕业返回生源地", department="公安局", materials="1.个人申请 2.户口迁移证", window="25号窗口"),
             row(2, "大中专生毕业返回生源地", materials="1.个人申请 3.户口迁移证", window="25号窗口")]
    load(any_db, hall_code, catalog(*twice))
    first_ids = [s.id for s in scenarios(any_db, hall_code)]
    report = load(any_db, hall_code, catalog(*twice))
    assert report.unchanged == 2
    assert [s.id for s in scenarios(any_db, hall_code)] == first_ids
    report = load(any_db, hall_code, catalog(heading("其他便民服务事项 1个"), twice[2]))
    assert (report.updated, report.deactivated) == (1, 1)
    assert [(s.id, s.active) for s in scenarios(any_db, hall_code)] == [(first_ids[0], True), (first_ids[1], False)]


def test_queue_prefixes_stay_with_their_queue_across_imports(any_db: Database, hall_code: str) -> None:
    load(any_db, hall_code, catalog(*SMALL))
    assert queues(any_db, hall_code)["7号窗口"][0] == "A"
    more = [*SMALL, row(4, "廉租住房", window="1-2号窗口", matter="廉租住房")]
    load(any_db, hall_code, catalog(*more))
    prefixes = {name: q[0] for name, q in queues(any_db, hall_code).items()}
    # a fresh hall would give 1-2号窗口 the A; here 7号窗口 keeps it and the newcomer takes a free letter
    assert prefixes == {"7号窗口": "A", "15-20号窗口": "B", "1-2号窗口": "C"}
    load(any_db, hall_code, catalog(heading("其他 1个"), row(1, "廉租住房", department="中心", window="1-2号窗口")))
    assert {name: q[0] for name, q in queues(any_db, hall_code).items()} == prefixes


def test_the_profile_names_windows_and_domains_and_a_reload_without_it_keeps_them(any_db: Database, hall_code: str) -> None:
    profile = HallProfile(queue_domains={"15-20号窗口": "医疗保障", "99号窗口": "无此窗口"}, window_names={7: "养老服务窗口"})
    report = load(any_db, hall_code, catalog(*SMALL), profile)
    assert any("99号窗口" in note for note in report.notes)
    assert any("7号窗口" in note and "领域" in note for note in report.notes)
    assert queues(any_db, hall_code)["15-20号窗口"][2] == "医疗保障"
    load(any_db, hall_code, catalog(*SMALL))
    assert queues(any_db, hall_code)["15-20号窗口"][2] == "医疗保障"
    with any_db.read() as session:
        names = dict(session.execute(select(Window.number, Window.name).join(Hall).where(Hall.code == hall_code)).all())
    assert names[7] == "养老服务窗口" and names[15] == "15号窗口"


def test_the_demo_catalog_loads_and_reloads_in_place(any_db: Database, hall_code: str) -> None:
    text = demo_catalog_text()
    report = load(any_db, hall_code, text, demo_profile())
    assert (report.created, report.queues_created, report.windows_created) == (166, 18, 25)
    assert report.notes == []
    first = {s.id: (s.name, s.window_group.prefix, len(s.materials)) for s in scenarios(any_db, hall_code)}
    again = load(any_db, hall_code, text, demo_profile())
    assert (again.created, again.updated, again.unchanged, again.deactivated, again.catalog_version) == (0, 0, 166, 0, 2)
    assert {s.id: (s.name, s.window_group.prefix, len(s.materials)) for s in scenarios(any_db, hall_code)} == first
    assert queues(any_db, hall_code)["15-20号窗口"] == ("L", [15, 16, 17, 18, 19, 20], "医疗保障")
    by_line = {s.source_line: s for s in scenarios(any_db, hall_code)}
    assert by_line[22].notice == "需要去连队/社区申请："
    assert by_line[136].matter_id is None and by_line[136].materials == []
    assert by_line[135].matter.name == "退役军人优待证办理"


def test_create_hall_checks_code_name_timezone_and_uniqueness(empty_db: Database) -> None:
    from bianmin.catalog.halls import HallExists, InvalidHallCode, UnknownTimezone
    from bianmin.errors import InvalidInput

    with empty_db.write() as session:
        hall = create_hall(session, "wutuan", " 五团便民服务中心 ", "Asia/Urumqi", "0999-12345")
        assert (hall.code, hall.name, hall.timezone, hall.catalog_version) == ("wutuan", "五团便民服务中心", "Asia/Urumqi", 0)
    for code, name, zone, error in [
        ("wutuan", "另一个", "Asia/Shanghai", HallExists),
        ("六团", "六团", "Asia/Shanghai", InvalidHallCode),
        ("Liutuan", "六团", "Asia/Shanghai", InvalidHallCode),
        ("liutuan", "六团", "Mars/Olympus", UnknownTimezone),
        ("liutuan", "  ", "Asia/Shanghai", InvalidInput),
    ]:
        with pytest.raises(error), empty_db.write() as session:
            create_hall(session, code, name, zone)
    with empty_db.read() as session:
        assert session.scalars(select(Hall.code)).all() == ["wutuan"]


def test_when_prefix_letters_run_out_nothing_is_written(empty_db: Database) -> None:
    from bianmin.catalog.loader import NoPrefixLeft

    with empty_db.write() as session:
        create_hall(session, "full", "满的中心")
    rows = [row(n, f"事项{n}", department="中心", window=f"{n}号窗口") for n in range(1, 27)]
    load(empty_db, "full", catalog(heading("其他便民服务事项 26个"), *rows))
    newcomer = catalog(heading("其他便民服务事项 1个"), row(1, "新事项", department="中心", window="27号窗口"))
    with pytest.raises(NoPrefixLeft):
        load(empty_db, "full", newcomer)
    assert len(queues(empty_db, "full")) == 26
    assert all(s.active for s in scenarios(empty_db, "full"))
    with empty_db.read() as session:
        assert session.scalar(select(Hall.catalog_version).where(Hall.code == "full")) == 1


def test_a_queue_a_later_import_creates_is_served_by_the_universal_windows(any_db: Database, hall_code: str) -> None:
    """The hall's 无差别综合受理 window (added in the browser) serves, and is listed for, a
    queue that a later import creates; the queues the file names keep their own windows."""
    load(any_db, hall_code, catalog(*SMALL))
    with any_db.write() as session:
        hall_id = session.scalar(select(Hall.id).where(Hall.code == hall_code))
        session.add(Window(hall_id=hall_id, number=40, name="无差别综合受理窗口", universal=True))
    load(any_db, hall_code, catalog(*SMALL, row(4, "廉租住房", window="1-2号窗口", matter="廉租住房")))
    found = queues(any_db, hall_code)
    assert found["1-2号窗口"][1] == [1, 2, 40]
    assert found["7号窗口"][1] == [7]
