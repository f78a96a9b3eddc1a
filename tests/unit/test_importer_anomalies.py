"""Every anomaly kind the importer reports, on small catalogs written for each rule."""

from __future__ import annotations

from bianmin.catalog.checks import ANOMALY_KINDS
from bianmin.catalog.importer import Anomaly, ParsedCatalog, parse_catalog
from tests.support.catalog_text import catalog, heading, row

FIRST = 5  # line of the first row: title, blank, header, heading


def kinds(parsed: ParsedCatalog) -> list[tuple[int, str]]:
    return [(a.line, a.kind) for a in parsed.anomalies]


def only(parsed: ParsedCatalog, kind: str) -> list[Anomaly]:
    return [a for a in parsed.anomalies if a.kind == kind]


def test_a_clean_catalog_has_no_anomalies() -> None:
    parsed = parse_catalog(catalog(
        heading("乡镇级办结事项 1项，细化应用场景 2个"),
        row(1, "高龄津贴的审核", department="62团便民服务中心", matter="高龄补贴的审核"),
        row(2, "高龄津贴的发放", materials="无", time_limit="根据具体情况而定"),
    ))
    assert parsed.anomalies == []


def test_counts_that_differ_from_the_heading_and_the_title() -> None:
    parsed = parse_catalog(catalog(
        heading("乡镇级办结事项 2项，细化应用场景 3个"),
        row(1, "高龄津贴的审核", department="中心", matter="高龄补贴的审核"),
        row(2, "高龄津贴的发放"),
        title="某中心事项清单（共2项，细化应用场景5个）",
    ))
    mismatches = only(parsed, "count_mismatch")
    assert [a.line for a in mismatches] == [1, 4, 4]
    assert "5" in mismatches[0].message and "2" in mismatches[0].message
    assert "3个场景" in mismatches[1].message and "2行" in mismatches[1].message
    assert "2项事项" in mismatches[2].message and "1个不同的事项名称" in mismatches[2].message


def test_an_exact_duplicate_row_names_both_lines() -> None:
    parsed = parse_catalog(catalog(
        heading("乡镇级办结事项 1项，细化应用场景 3个"),
        row(1, "最低生活保障的初审", department="中心", matter="对最低生活保障的初审"),
        row(2, "最低生活保障的初审"),
        row(3, "特困人员的初审"),
    ))
    assert kinds(parsed) == [(FIRST + 1, "duplicate")]
    assert parsed.anomalies[0].other_line == FIRST
    assert f"第{FIRST}行" in parsed.anomalies[0].message


def test_a_drag_filled_copy_differing_by_a_digit_is_a_near_duplicate() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 2个"),
        row(1, "大中专生毕业返回生源地", department="公安局", materials="1.个人申请 2.户口簿 3.毕业证 4.户口迁移证"),
        row(2, "大中专生毕业返回生源地", materials="1.个人申请 2.户口簿 3.毕业证 5.户口迁移证"),
    ))
    near = only(parsed, "near_duplicate")
    assert [(a.line, a.other_line) for a in near] == [(FIRST + 1, FIRST)]
    assert "4→5" in near[0].message
    # the same row is also a same-name pair and skips a number
    assert {k for _, k in kinds(parsed)} == {"near_duplicate", "duplicate_name", "skipped_number"}


def test_a_checklist_copied_with_a_changed_number_is_a_near_duplicate_across_scenarios() -> None:
    procedure = "1.申请人应提供证明材料和身份证复印件 2.户口本原件 3.原则上不超过{}个工作日办结"
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 3个"),
        row(1, "临时救助的审核", department="中心", materials=procedure.format(15)),
        row(2, "临时救助金给付", materials=procedure.format(16)),
        row(3, "临时救助对象认定", materials=procedure.format(15)),
    ))
    near = only(parsed, "near_duplicate")
    # row 3 is a faithful copy of row 1's checklist, so only row 2 is suspect
    assert [(a.line, a.other_line) for a in near] == [(FIRST + 1, FIRST)]
    assert "15→16" in near[0].message


def test_rows_differing_in_many_numbers_are_not_near_duplicates() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 2个"),
        row(1, "照片", department="中心", materials="1.身份证复印件1份 2.照片2张 3.表格3份", window="7号窗口"),
        row(2, "照片", materials="1.身份证复印件4份 2.照片5张 3.表格6份", window="8号窗口"),
    ))
    assert only(parsed, "near_duplicate") == []
    assert [a.line for a in only(parsed, "duplicate_name")] == [FIRST + 1]


def test_a_department_copied_down_onto_rows_of_the_department_below_is_doubtful() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 4个"),
        row(1, "职工自主创业示范项目申报", department="师市人社局", window="11-12号窗口", phone="0999-3176040"),
        row(2, "参军注销户口", window="25号窗口", phone="0999-3179022"),
        row(3, "出生登记", window="24号窗口", phone="0999-3179022"),
        row(4, "死亡注销户口", department="公安局", window="25号窗口", phone="0999-3179022"),
    ))
    doubts = only(parsed, "doubtful_inheritance")
    assert [(a.line, a.other_line) for a in doubts] == [(FIRST + 1, FIRST + 3), (FIRST + 2, FIRST + 3)]
    assert "师市人社局" in doubts[0].message and "公安局" in doubts[0].message
    # reported, and not kept: no department is better than a probably wrong one
    assert [s.department for s in parsed.scenarios[1:3]] == ["", ""]
    assert {a.field for a in doubts} == {"department"}


def test_a_department_copied_down_over_its_own_window_is_not_doubtful() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 3个"),
        row(1, "职工自主创业示范项目申报", department="师市人社局", window="11-12号窗口", phone="0999-3176040"),
        row(2, "妇女创业项目申报", window="11-12号窗口", phone="0999-3176040"),
        row(3, "死亡注销户口", department="公安局", window="11-12号窗口", phone="0999-3176040"),
    ))
    assert only(parsed, "doubtful_inheritance") == []


def test_a_matter_copied_onto_a_scenario_named_like_the_matter_below_is_doubtful() -> None:
    parsed = parse_catalog(catalog(
        heading("乡镇级办结事项 2项，细化应用场景 3个"),
        row(1, "临时救助的审核", department="中心", matter="对申请临时救助的审核", window="10号窗口"),
        row(2, "孤儿保障对象申请受理", window="10号窗口"),
        row(3, "孤儿保障对象申请审核", matter="孤儿保障对象审核", window="10号窗口"),
    ))
    doubts = only(parsed, "doubtful_inheritance")
    assert [(a.line, a.other_line) for a in doubts] == [(FIRST + 1, FIRST + 2)]
    assert "孤儿保障对象审核" in doubts[0].message


def test_a_matter_name_in_the_department_column_is_misplaced_and_not_used() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 3个"),
        row(1, "暖气维修", department="62团便民服务中心"),
        row(2, "城乡居民参保信息变更登记", department="生育保险待遇支付"),
        row(3, "职工医保参保登记"),
    ))
    assert kinds(parsed) == [(FIRST + 1, "misplaced_value")]
    assert "生育保险待遇支付" in parsed.anomalies[0].message
    assert [(s.department, s.department_inherited) for s in parsed.scenarios] == [
        ("62团便民服务中心", False), ("62团便民服务中心", True), ("62团便民服务中心", True)]


def test_a_department_that_is_no_organisation_name_is_doubtful() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 1个"), row(1, "延缓入学的批准", department="师市教")))
    assert kinds(parsed) == [(FIRST, "doubtful_department")]
    assert parsed.scenarios[0].department == "师市教"


def test_missing_cells_are_reported_per_row() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 2个"),
        row(1, "暖气维修", department="中心", kind="", role="", phone=""),
        row(2, "", matter="天然气开户", kind="其它行政权力", role="负责咨询", window=""),
    ))
    assert kinds(parsed) == [
        (FIRST, "missing_kind"), (FIRST, "missing_phone"), (FIRST, "missing_role"),
        (FIRST + 1, "missing_name"), (FIRST + 1, "missing_window"),
        (FIRST + 1, "unknown_kind"), (FIRST + 1, "unknown_role"),
    ]
    second = parsed.scenarios[1]
    assert second.name == "天然气开户"  # the matter's name, said so in the anomaly
    assert (second.windows, second.queue_name) == ([7], "7号窗口")  # the row above's window
    assert only(parsed, "missing_window")[0].other_line == FIRST


def test_empty_materials_are_reported_but_wu_is_not() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 2个"),
        row(1, "暖气维修", department="中心", materials="无"),
        row(2, "退役军人优待证发放", materials=""),
    ))
    assert kinds(parsed) == [(FIRST + 1, "empty_materials")]
    assert [(s.materials, s.materials_raw) for s in parsed.scenarios] == [([], "无"), ([], "")]


def test_procedure_like_materials_and_skipped_numbers() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 2个"),
        row(1, "城乡医疗救助待遇审核", department="中心",
            materials="1.申请人提出书面申请； 2.入户调查，核实收入情况； 3.召开社会救助联席会议进行审核确认并公示"),
        row(2, "临时性堆放物料的审批", materials="1.平面图 2.环境恢复方案 3.身份证 4.承诺书 5.申请报告 7.营业执照"),
    ))
    assert kinds(parsed) == [(FIRST, "procedure_materials"), (FIRST + 1, "skipped_number")]
    assert "6" in parsed.anomalies[1].message
    assert parsed.scenarios[1].materials[-1] == "营业执照"


def test_a_time_limit_that_looks_like_one_but_does_not_parse() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 3个"),
        row(1, "职工医保参保登记", department="中心", time_limit="在职职工不超过5个工作日；灵活就业人员即时办结"),
        row(2, "高校毕业生实名登记", time_limit="根据具体情况而定"),
        row(3, "残疾居民医疗保险补贴", time_limit="一年一次"),
    ))
    assert kinds(parsed) == [(FIRST, "unparsed_time_limit")]
    assert "在职职工不超过5个工作日" in parsed.anomalies[0].message


def test_every_reported_kind_has_a_label_for_administrators() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 9个"),
        row(1, "暖气维修", department="师市教", kind="", role="", phone="", materials=""),
        row(2, "暖气维修", department="生育保险待遇支付", time_limit="即时办理（看情况）"),
    ))
    assert parsed.anomalies
    assert {a.kind for a in parsed.anomalies} <= set(ANOMALY_KINDS)
