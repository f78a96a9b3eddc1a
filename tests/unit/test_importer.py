"""parse_catalog: the table's structure, merged cells, queues, and every malformed-file error."""

from __future__ import annotations

from pathlib import Path

import pytest

from bianmin.catalog.importer import CatalogFormatError, parse_catalog, read_catalog_file
from bianmin.catalog.models import Role, TimeLimitKind
from bianmin.errors import InvalidInput
from tests.support.catalog_text import HEADER, catalog, heading, row


def test_title_sections_and_counts_with_header_repeated_at_page_breaks() -> None:
    text = "\n".join([
        "", " ", "六十二团进驻便民大厅事项清单（共2项，细化应用场景3个）", "", " ",
        HEADER,
        heading("乡镇级办结事项 1项，细化应用场景 2个"),
        row(1, "高龄津贴的审核", department="62团便民服务中心", matter="高龄补贴的审核"),
        "", " \t \t", HEADER,
        row(2, "高龄津贴的发放"),
        "",
        heading("其他便民服务事项 1个", padded=False),
        "",
        HEADER,
        row(1, "暖气维修", department="62团便民服务中心", window="21号窗口"),
    ])
    parsed = parse_catalog(text)
    assert parsed.title == "六十二团进驻便民大厅事项清单（共2项，细化应用场景3个）"
    assert [(s.name, s.heading_line, s.declared_matters, s.declared_scenarios, s.scenario_count)
            for s in parsed.sections] == [
        ("乡镇级办结事项", 7, 1, 2, 2),
        ("其他便民服务事项", 14, None, 1, 1),
    ]
    assert [(s.line, s.section, s.seq, s.name) for s in parsed.scenarios] == [
        (8, "乡镇级办结事项", 1, "高龄津贴的审核"),
        (12, "乡镇级办结事项", 2, "高龄津贴的发放"),
        (17, "其他便民服务事项", 1, "暖气维修"),
    ]
    assert parsed.anomalies == []


def test_every_field_of_a_row() -> None:
    parsed = parse_catalog(catalog(
        heading("县级办结事项 1项，细化应用场景 1个"),
        row(1, "市政设施建设类审批", department="62团城镇管理和生态保护中心", matter="市政设施建设类审批",
            kind="行政许可", materials="需要去连队/社区申请： 1.施工平面图2.营业执照、身份证",
            window="1-2号窗口", phone="0999-3173033", time_limit="法定时限 20 工作日，承诺时限 10 工作日",
            role="负责初审"),
    ))
    s = parsed.scenarios[0]
    assert (s.department, s.department_inherited, s.matter, s.matter_inherited) == (
        "62团城镇管理和生态保护中心", False, "市政设施建设类审批", False)
    assert (s.kind, s.materials, s.notice) == ("行政许可", ["施工平面图", "营业执照、身份证"], "需要去连队/社区申请：")
    assert s.materials_raw == "需要去连队/社区申请： 1.施工平面图2.营业执照、身份证"
    assert (s.window_raw, s.windows, s.queue_name, s.phone) == ("1-2号窗口", [1, 2], "1-2号窗口", "0999-3173033")
    assert (s.time_limit_kind, s.legal_days, s.promised_days) == (TimeLimitKind.WORKING_DAYS, 20, 10)
    assert (s.role, s.role_raw) == (Role.PRELIMINARY, "负责初审")


@pytest.mark.parametrize(
    ("cell", "role"),
    [("负责办结", Role.COMPLETE), ("负责受理", Role.ACCEPT), ("负责初审", Role.PRELIMINARY), ("", Role.UNKNOWN)],
)
def test_roles(cell: str, role: Role) -> None:
    parsed = parse_catalog(catalog(heading("其他便民服务事项 1个"), row(1, "暖气维修", department="中心", role=cell)))
    assert parsed.scenarios[0].role is role
    assert parsed.scenarios[0].role_raw == cell


def test_merged_department_and_matter_cells_are_inherited_within_a_section() -> None:
    parsed = parse_catalog(catalog(
        heading("乡镇级办结事项 1项，细化应用场景 2个"),
        row(1, "最低生活保障的初审", department="62团便民服务中心", matter="对最低生活保障的初审", window="10号窗口"),
        row(2, "特困人员供养的初审", window="10号窗口"),
        heading("县级办结事项 1项，细化应用场景 1个"),
        row(1, "临时救助金给付", matter="临时救助金给付", window="10号窗口"),
    ))
    first, second, third = parsed.scenarios
    assert (second.department, second.department_inherited) == ("62团便民服务中心", True)
    assert (second.matter, second.matter_inherited) == ("对最低生活保障的初审", True)
    # a new section starts with nothing to inherit
    assert (third.department, third.department_inherited) == ("", False)
    assert [a.kind for a in parsed.anomalies] == ["missing_department"]
    assert parsed.anomalies[0].line == third.line


def test_a_section_counting_scenarios_only_does_not_invent_matters() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 3个"),
        row(1, "退役军人优待证申领", department="62团便民服务中心", matter="退役军人优待证办理", window="4号窗口"),
        row(2, "退役军人优待证发放", window="4号窗口"),
        row(3, "营业执照新开户登记", window="6号窗口"),
    ))
    assert [(s.matter, s.matter_inherited) for s in parsed.scenarios] == [
        ("退役军人优待证办理", False), ("", False), ("", False)]
    assert [s.department for s in parsed.scenarios] == ["62团便民服务中心"] * 3


def test_groups_are_one_queue_and_prefixes_follow_the_lowest_window() -> None:
    parsed = parse_catalog(catalog(
        heading("其他便民服务事项 5个"),
        row(1, "居民医保参保登记", department="医保中心", window="15-20号窗口"),
        row(2, "就业困难人员认定", window="11-12号窗口"),
        row(3, "廉租住房", window="1-2号窗口"),
        row(4, "低保", window="10号窗口"),
        row(5, "门诊费用报销", window="15-20号窗口"),
    ))
    assert [(q.name, q.windows, q.prefix) for q in parsed.queues] == [
        ("1-2号窗口", [1, 2], "A"), ("10号窗口", [10], "B"), ("11-12号窗口", [11, 12], "C"),
        ("15-20号窗口", [15, 16, 17, 18, 19, 20], "D"),
    ]
    assert parsed.windows == [1, 2, 10, 11, 12, 15, 16, 17, 18, 19, 20]
    assert parsed.queue_of(parsed.scenarios[4]).prefix == "D"


def test_more_than_26_queues_names_the_row_of_the_27th() -> None:
    rows = [row(n, f"事项{n}", department="中心", window=f"{n}号窗口") for n in range(1, 28)]
    with pytest.raises(CatalogFormatError) as caught:
        parse_catalog(catalog(heading("其他便民服务事项 27个"), *rows))
    assert caught.value.line == 4 + 27
    assert "26" in caught.value.message


def test_trailing_empty_cells_may_be_missing_or_extra() -> None:
    short = "\t".join(["1", "中心", "", "暖气维修", "公共服务", "无", "21号窗口", "0999-3175758"])
    long = row(2, "暖气报停", window="22号窗口") + "\t\t\t"
    parsed = parse_catalog(catalog(heading("其他便民服务事项 2个"), short, long))
    assert [(s.name, s.time_limit_kind, s.role) for s in parsed.scenarios] == [
        ("暖气维修", TimeLimitKind.NONE, Role.UNKNOWN), ("暖气报停", TimeLimitKind.IMMEDIATE, Role.COMPLETE)]


def test_a_title_or_heading_may_start_with_a_number() -> None:
    parsed = parse_catalog(catalog(heading("1.其他便民服务事项 1个"), row(1, "暖气维修", department="中心"),
                                   title="2024年五团便民服务中心事项清单"))
    assert parsed.title == "2024年五团便民服务中心事项清单"
    assert [(s.name, s.declared_scenarios) for s in parsed.sections] == [("1.其他便民服务事项", 1)]


def test_windows_line_endings_and_a_byte_order_mark_are_read() -> None:
    text = "\ufeff" + catalog(heading("其他便民服务事项 1个"), row(1, "暖气维修", department="中心")).replace("\n", "\r\n")
    parsed = parse_catalog(text)
    assert parsed.scenarios[0].name == "暖气维修"
    assert parsed.scenarios[0].role_raw == "负责办结"


# --- malformed files: a CatalogFormatError naming the line and the fix -----------------


def _error(text: str) -> CatalogFormatError:
    with pytest.raises(CatalogFormatError) as caught:
        parse_catalog(text)
    assert isinstance(caught.value, InvalidInput)
    assert caught.value.message.startswith(f"第{caught.value.line}行")
    return caught.value


def test_not_tab_separated() -> None:
    error = _error("\n\n序号,部门,事项名称,细化应用场景\n1,中心,暖气,暖气维修\n")
    assert error.line == 3
    assert "制表符" in error.message


def test_no_header_line() -> None:
    error = _error(catalog(heading("其他便民服务事项 1个"), header=False))
    assert error.line == 1
    assert "没有找到表头" in error.message


def test_a_header_without_every_column() -> None:
    text = "标题\n序号\t部门\t细化应用场景\t办理要件\n"
    error = _error(text)
    assert error.line == 2
    assert "窗口号" in error.message


def test_a_data_row_before_any_section_heading() -> None:
    error = _error(catalog(row(1, "暖气维修", department="中心")))
    assert error.line == 4  # title, blank, header, then this row
    assert "分区标题" in error.message


def test_a_data_row_before_the_header() -> None:
    text = "标题\n" + heading("其他便民服务事项 1个") + "\n" + row(1, "暖气维修") + "\n" + HEADER + "\n"
    error = _error(text)
    assert error.line == 3
    assert "表头" in error.message


@pytest.mark.parametrize(
    "bad",
    [
        "\t".join(["1", "中心", "", "暖气维修", "公共服务", "无"]),  # a cell with a line break cut the row
        row(1, "暖气维修") + "\t\t多出来的一列",
        "1 中心 暖气维修 公共服务 无 21号窗口",  # tabs lost
    ],
)
def test_a_row_with_the_wrong_number_of_columns(bad: str) -> None:
    error = _error(catalog(heading("其他便民服务事项 2个"), row(1, "暖气维修", department="中心"), bad))
    assert error.line == 6
    assert "列" in error.message


def test_a_window_cell_that_is_not_a_window() -> None:
    error = _error(catalog(heading("其他便民服务事项 2个"), row(1, "暖气维修", department="中心"),
                           row(2, "暖气报停", window="0999-3175758")))
    assert error.line == 6
    assert "不是窗口号" in error.message and "7号窗口" in error.message


@pytest.mark.parametrize("seq", ["一", "1.5", "A1"])
def test_a_seq_that_is_not_a_number(seq: str) -> None:
    error = _error(catalog(heading("其他便民服务事项 1个"), row(seq, "暖气维修", department="中心")))
    assert error.line == 5
    assert "序号" in error.message and seq in error.message


def test_a_row_with_no_name_at_all() -> None:
    error = _error(catalog(heading("其他便民服务事项 1个"), row(1, "", department="中心")))
    assert error.line == 5
    assert "细化应用场景" in error.message


def test_the_first_row_of_a_section_without_a_window() -> None:
    error = _error(catalog(heading("其他便民服务事项 1个"), row(1, "暖气维修", department="中心", window="")))
    assert error.line == 5
    assert "窗口号" in error.message


def test_undecodable_bytes_name_their_line(tmp_path: Path) -> None:
    good = catalog(heading("其他便民服务事项 2个"), row(1, "暖气维修", department="中心"), row(2, "暖气报停"))
    path = tmp_path / "gbk.txt"
    path.write_bytes(good.encode("gbk"))
    with pytest.raises(CatalogFormatError) as caught:
        read_catalog_file(path)
    assert caught.value.line == 1
    assert "GBK" in caught.value.message and "UTF-8" in caught.value.message
    broken = tmp_path / "broken.txt"
    broken.write_bytes(good.encode("utf-8").replace("暖气报停".encode(), b"\xff\xfe\xfd"))
    with pytest.raises(CatalogFormatError) as caught:
        read_catalog_file(broken)
    assert caught.value.line == 6


def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = catalog(heading("其他便民服务事项 1个"), row(1, "暖气维修", department="中心"))
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    assert parse_catalog(read_catalog_file(path)).scenarios[0].name == "暖气维修"


# --- every error in one run (read_catalog) -------------------------------------------


def test_read_catalog_collects_every_error_in_line_order_and_keeps_the_good_rows() -> None:
    from bianmin.catalog.importer import read_catalog

    parsed = read_catalog(catalog(
        heading("其他便民服务事项 5个"),
        row(1, "暖气维修", department="62团便民服务中心"),   # 5
        row(2, "", window="综合窗口"),                          # 6: no name, and no window
        row("", "暖气开通"),                                    # 7
        row(4, "暖气缴费", window="20-15号窗口"),               # 8
        row(5, "暖气补贴", window="8号窗口"),                   # 9
    ))
    assert [(e.line, e.kind) for e in parsed.errors] == [
        (6, "bad_window"), (6, "no_name"), (7, "bad_seq"), (8, "bad_window")]
    assert all(e.message and e.detail for e in parsed.errors)
    assert [s.line for s in parsed.scenarios] == [5, 9]
    # the refused rows still count against the heading's 5: no count_mismatch
    assert [a.kind for a in parsed.anomalies] == []
    with pytest.raises(CatalogFormatError) as caught:
        parse_catalog(catalog(heading("其他便民服务事项 1个"), row("一", "暖气")))
    assert caught.value.line == 5 and caught.value.kind == "bad_seq"


def test_a_fault_that_spoils_the_rows_below_is_reported_once() -> None:
    from bianmin.catalog.importer import read_catalog

    no_section = read_catalog(catalog(row(1, "暖气维修", department="中心"), row(2, "暖气报停"),
                                      heading("其他便民服务事项 1个"), row(1, "暖气开通")))
    assert [(e.line, e.kind) for e in no_section.errors] == [(4, "row_before_section")]
    assert [s.line for s in no_section.scenarios] == [7]
    no_header = read_catalog("标题\n" + heading("其他便民服务事项 2个") + "\n" + row(1, "暖气维修")
                             + "\n" + row(2, "暖气报停") + "\n")
    assert [(e.line, e.kind) for e in no_header.errors] == [(3, "row_before_header")]
