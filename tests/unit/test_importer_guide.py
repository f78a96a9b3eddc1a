"""The importer's extra columns: the service guide (八公开) and withdrawn matters (承接部门)."""

from __future__ import annotations

import pytest

from bianmin.catalog.faults import CatalogFormatError
from bianmin.catalog.guide import GUIDE_FIELDS, handed_to_of, withdrawn_message
from bianmin.catalog.importer import parse_catalog, read_catalog
from tests.support.catalog_text import HEADER, catalog, heading, row
from tests.support.guide_hall import guide_text


@pytest.mark.parametrize(("cell", "expected"), [
    ("承接部门：师市农业农村局 工作方式： 1.按照兵团农业农村局工作安排…", "师市农业农村局"),
    ("承接部门:师市人社局", "师市人社局"),
    ("<p>承接部门：师市自然资源和规划局（林业和草原局） 工作方式： 林业有害生物监测</p>",
     "师市自然资源和规划局（林业和草原局）"),
    ("县政务服务中心二楼社保窗口", "县政务服务中心二楼社保窗口"),
    ("", ""),
])
def test_handed_to_is_read_from_the_cell_seed_002_writes(cell: str, expected: str) -> None:
    assert handed_to_of(cell) == expected


def test_the_message_says_where_to_go() -> None:
    assert withdrawn_message("师市人社局") == "本中心不再受理，请到：师市人社局"
    assert withdrawn_message("") == "本中心不再受理，请到：导办台咨询承接单位"


def test_guide_columns_are_read_by_name_and_alias_in_any_order() -> None:
    header = HEADER + "\t办事时间\t收费依据及标准\t依据"
    text = "\n".join(["标题", "", header, heading("其他 1个"),
                      row(1, "出生登记", department="62团便民服务中心") + "\t工作日 9:30—19:30\t不收费\t《户口登记条例》"]) + "\n"
    scenario = parse_catalog(text).scenarios[0]
    assert scenario.guide == {"hours": "工作日 9:30—19:30", "fees": "不收费", "basis": "《户口登记条例》"}
    assert not scenario.withdrawn


def test_two_headers_for_one_guide_field_are_an_error() -> None:
    text = "\n".join(["标题", "", HEADER + "\t收费\t收费标准", heading("其他 1个"), row(1, "出生登记")]) + "\n"
    with pytest.raises(CatalogFormatError, match="收费.*收费标准.*同一项"):
        parse_catalog(text)


def test_a_withdrawn_section_needs_no_window_and_reports_what_is_missing() -> None:
    text = catalog(
        heading("其他便民服务事项 1个"),
        row(1, "出生登记", department="62团便民服务中心"),
        heading("收回事项 2个"),
        row(1, "医疗救助待遇审批", materials="", window="", phone="", time_limit="", role="", kind=""),
        row(2, "工伤认定调查", materials="", window="9号窗口", phone="", time_limit="", role="", kind=""),
    )
    parsed = read_catalog(text)
    assert parsed.errors == []
    assert [(s.name, s.withdrawn, s.queue_name) for s in parsed.scenarios] == [
        ("出生登记", False, "7号窗口"), ("医疗救助待遇审批", True, ""), ("工伤认定调查", True, "")]
    assert [q.name for q in parsed.queues] == ["7号窗口"]  # 9号窗口 of a withdrawn row makes no queue
    kinds = [(a.line, a.kind) for a in parsed.anomalies]
    assert kinds == [(7, "withdrawn_without_target"), (8, "withdrawn_window"), (8, "withdrawn_without_target")]


def test_the_seed_002_rows_of_the_guide_file_are_withdrawn_with_their_department() -> None:
    parsed = read_catalog(guide_text())
    assert parsed.errors == [] and parsed.anomalies == []
    withdrawn = {s.name: s.handed_to for s in parsed.scenarios if s.withdrawn}
    assert withdrawn == {"医疗救助待遇审批": "师市医疗保障局", "工伤认定调查": "师市人社局",
                         "拖拉机、联合收割机操作人员操作证件核发": "师市农业农村局"}
    full = next(s for s in parsed.scenarios if s.name == "个人账户一次性待遇申领")
    assert list(full.guide) == [f.key for f in GUIDE_FIELDS]


def test_catalog_check_counts_the_withdrawn_and_guided_scenarios() -> None:
    from bianmin.catalog.report import catalog_json, render_report

    parsed = read_catalog(guide_text())
    body = catalog_json(parsed)
    assert (body["scenarios"], body["withdrawn"], body["guided"]) == (6, 3, 2)
    assert [q["windows"] for q in body["queues"]] == [[3], [4]]
    assert "其中 3 个本中心不再受理（不取号），2 个带办事指南" in render_report(parsed)
