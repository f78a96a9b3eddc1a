"""The real catalog 000 (六十二团), through the packaged copy: what the importer must find in it.

Every line number here is a line of 000_ddce5e5749c36d4d.txt, checked by reading the file.
"""

from __future__ import annotations

from collections import defaultdict
from importlib.resources import files
from pathlib import Path

import pytest

from bianmin.catalog.demo import DEMO_CATALOG, demo_catalog_text
from bianmin.catalog.importer import ParsedCatalog, parse_catalog
from bianmin.catalog.models import Role, TimeLimitKind

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_ddce5e5749c36d4d.txt"


@pytest.fixture(scope="module")
def parsed() -> ParsedCatalog:
    return parse_catalog(demo_catalog_text())


def lines_of(parsed: ParsedCatalog, kind: str) -> list[int]:
    return [a.line for a in parsed.anomalies if a.kind == kind]


def pairs_of(parsed: ParsedCatalog, kind: str) -> list[tuple[int, int | None]]:
    return [(a.line, a.other_line) for a in parsed.anomalies if a.kind == kind]


def by_line(parsed: ParsedCatalog) -> dict[int, object]:
    return {s.line: s for s in parsed.scenarios}


def test_the_packaged_copy_is_the_source_document() -> None:
    packaged = files("bianmin.catalog").joinpath(DEMO_CATALOG).read_bytes()
    assert packaged.decode("utf-8").splitlines()[7].startswith("六十二团进驻便民大厅事项清单")
    if SEED.exists():  # the shared seeds sit beside the checkout (always in CI)
        assert packaged == SEED.read_bytes()


def test_166_scenarios_in_five_sections(parsed: ParsedCatalog) -> None:
    assert parsed.title == "六十二团进驻便民大厅事项清单（共47项，细化应用场景166个）"
    assert len(parsed.scenarios) == 166
    assert [(s.name, s.heading_line, s.declared_matters, s.declared_scenarios, s.scenario_count)
            for s in parsed.sections] == [
        ("乡镇级办结事项", 12, 18, 27, 27),
        ("乡镇级受理、初审事项", 48, 4, 7, 7),
        ("县级办结事项", 64, 13, 14, 14),
        ("县镇级受理、初审事项", 85, 12, 19, 19),
        ("其他便民服务事项", 111, None, 99, 99),
    ]
    first, last = parsed.scenarios[0], parsed.scenarios[-1]
    assert (first.line, first.seq, first.name) == (13, 1, "高龄津贴的审核")
    assert (last.line, last.seq, last.name) == (246, 99, "交通违法处理")


def test_windows_and_queues_with_the_three_groups_as_single_queues(parsed: ParsedCatalog) -> None:
    assert parsed.windows == [1, 2, 3, 4, *range(6, 27)]
    queues = {q.name: (q.windows, q.prefix) for q in parsed.queues}
    assert queues["1-2号窗口"] == ([1, 2], "A")
    assert queues["11-12号窗口"] == ([11, 12], "I")
    assert queues["15-20号窗口"] == ([15, 16, 17, 18, 19, 20], "L")
    assert [q.prefix for q in parsed.queues] == list("ABCDEFGHIJKLMNOPQR")
    assert [q.name for q in parsed.queues][:4] == ["1-2号窗口", "3号窗口", "4号窗口", "6号窗口"]
    assert not any(name.startswith(("15号", "16号", "1号", "11号")) for name in queues)
    per_queue: dict[str, int] = defaultdict(int)
    for s in parsed.scenarios:
        per_queue[s.queue_name] += 1
    assert per_queue["15-20号窗口"] == 22 and per_queue["4号窗口"] == 29


def test_fields_of_rows_read_off_the_file(parsed: ParsedCatalog) -> None:
    rows = by_line(parsed)
    elder = rows[13]
    assert elder.materials[2] == "1张一寸照片（尽量红底、蓝底）"
    assert len(elder.materials) == 5
    assert (elder.time_limit_kind, elder.promised_days, elder.role) == (TimeLimitKind.WORKING_DAYS, 1, Role.COMPLETE)
    works = rows[81]  # 1.施工平面图2.营业执照、身份证3.… with no separators
    assert works.materials == ["施工平面图", "营业执照、身份证", "规划许可证", "申请表", "单位资质证明"]
    assert (works.legal_days, works.promised_days) == (20, 10)
    disabled = rows[22]
    assert disabled.notice == "需要去连队/社区申请："
    assert disabled.materials[0].startswith("残疾人身份证正反面")
    assert (disabled.time_limit_kind, disabled.promised_days) == (TimeLimitKind.WORKING_DAYS, 7)
    heating = rows[112]
    assert (heating.materials, heating.materials_raw, heating.role) == ([], "无", Role.UNKNOWN)
    assert rows[176].time_limit_kind is TimeLimitKind.OTHER
    assert rows[176].time_limit_raw == "当月15日—30日由连队/社区报送"
    assert (rows[194].time_limit_kind, rows[194].phone) == (TimeLimitKind.IMMEDIATE, "0999-8189304 0999-8189305")
    assert (rows[92].time_limit_kind, rows[92].time_limit_raw) == (TimeLimitKind.NONE, "")
    assert rows[57].role is Role.ACCEPT and rows[86].role is Role.PRELIMINARY


def test_merged_cells(parsed: ParsedCatalog) -> None:
    rows = by_line(parsed)
    assert (rows[14].department, rows[14].department_inherited) == ("62团便民服务中心", True)
    assert (rows[15].matter, rows[15].matter_inherited) == ("对最低生活保障、特困人员供养申请的初审", True)
    # doubtful copies (师市人社局 onto rows that belong to the department below) are left empty
    assert (rows[87].department, rows[87].department_inherited) == ("", False)
    assert (rows[232].department, rows[233].department, rows[236].department) == ("", "", "公安局")
    assert (rows[231].department, rows[231].department_inherited) == ("师市人社局", True)
    # the last section counts scenarios only: an empty 事项名称 stays empty
    assert rows[135].matter == "退役军人优待证办理"
    assert (rows[136].matter, rows[136].matter_inherited) == ("", False)
    assert all(not s.matter_inherited for s in parsed.scenarios if s.section == "其他便民服务事项")
    # a matter name in 部门 is not taken as a department
    assert rows[121].department == "62团便民服务中心"
    assert rows[197].department == "62团便民服务中心"


def test_duplicates_and_drag_filled_copies(parsed: ParsedCatalog) -> None:
    assert pairs_of(parsed, "duplicate") == [(15, 14)]
    assert pairs_of(parsed, "near_duplicate") == [(28, 25), (69, 68), (70, 14), (71, 24), (91, 90), (239, 238)]
    assert pairs_of(parsed, "duplicate_name") == [(70, 68), (71, 69), (239, 238)]


def test_doubtful_inheritance_and_misplaced_values(parsed: ParsedCatalog) -> None:
    # 孤儿保障对象申请受理 under 对申请临时救助的审核; 临时救助金给付 under a disability matter;
    # 部分农村籍退役士兵… at 4号窗口 under 师市人社局; 参军注销户口/出生登记 before 公安局
    assert pairs_of(parsed, "doubtful_inheritance") == [(25, 28), (69, 70), (87, 90), (232, 236), (233, 236)]
    assert lines_of(parsed, "misplaced_value") == [121, 197]
    assert lines_of(parsed, "doubtful_department") == [49]  # 师市教


def test_counts_kinds_roles_and_missing_cells(parsed: ParsedCatalog) -> None:
    assert lines_of(parsed, "count_mismatch") == [48]  # 4项 declared, 5 matter names written
    assert lines_of(parsed, "unknown_kind") == [118]  # 其它行政权力
    assert len(lines_of(parsed, "missing_kind")) == 40
    assert lines_of(parsed, "missing_role")[:6] == [112, 117, 120, 136, 137, 138]
    assert len(lines_of(parsed, "missing_role")) == 28
    assert lines_of(parsed, "missing_window") == [] and lines_of(parsed, "missing_phone") == []


def test_materials_and_time_limit_anomalies(parsed: ParsedCatalog) -> None:
    assert lines_of(parsed, "empty_materials") == [136, 137, 138]
    assert lines_of(parsed, "skipped_number") == [28, 82, 91, 239]
    assert lines_of(parsed, "unparsed_time_limit") == [121, 122, 133, 198]
    assert lines_of(parsed, "procedure_materials") == [
        14, 15, 20, 21, 24, 25, 28, 29, 30, 32, 37, 38, 39, 40, 43, 44, 45, 46, 47, 49, 56, 61, 67,
        70, 71, 74, 75, 76, 77, 84, 92, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 134, 141,
        161, 162, 172, 173, 179, 183, 192,
    ]
