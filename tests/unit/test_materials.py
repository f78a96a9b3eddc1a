"""The 办理要件 cell: numbered items in every style, notices, gaps, and procedure-like cells."""

from __future__ import annotations

import pytest

from bianmin.catalog.materials import looks_like_procedure, split_materials


@pytest.mark.parametrize(
    "cell",
    [
        "1.身份证原件；2.户口本；3.结婚证",
        "1. 身份证原件； 2. 户口本； 3. 结婚证",
        "1、身份证原件 2、户口本 3、结婚证",
        "1．身份证原件 2．户口本 3．结婚证。",
        "①身份证原件②户口本③结婚证",
        "（1）身份证原件（2）户口本（3）结婚证",
        "(1) 身份证原件 (2) 户口本 (3) 结婚证",
        "1.身份证原件2.户口本3.结婚证",
        "身份证原件；户口本;结婚证",
    ],
)
def test_every_numbering_style_gives_the_items_without_their_numbers(cell: str) -> None:
    assert split_materials(cell).items == ["身份证原件", "户口本", "结婚证"]


def test_a_number_right_after_an_item_number_is_part_of_the_item() -> None:
    materials = split_materials("1.本人身份证复印件1份； 2.当月生活照1份； 3.1张一寸照片（尽量红底、蓝底）； 4.填写申请表")
    assert materials.items == ["本人身份证复印件1份", "当月生活照1份", "1张一寸照片（尽量红底、蓝底）", "填写申请表"]
    assert materials.skipped == []


def test_decimals_inside_an_item_are_not_item_numbers() -> None:
    materials = split_materials("1.高度2.5米以上的施工图 2.身份证")
    assert materials.items == ["高度2.5米以上的施工图", "身份证"]


def test_a_leading_text_ending_with_a_colon_is_a_notice_not_an_item() -> None:
    materials = split_materials("需要去连队/社区申请： 1.残疾人证复印件 2.申请表及2寸红底照片一张")
    assert materials.notice == "需要去连队/社区申请："
    assert materials.items == ["残疾人证复印件", "申请表及2寸红底照片一张"]
    other = split_materials("在所在连队/社区提出申请： 1.申请书； 2.近一年所有银行卡流水；")
    assert other.notice == "在所在连队/社区提出申请："
    assert other.items == ["申请书", "近一年所有银行卡流水"]


def test_skipped_numbers_are_reported_and_the_items_kept() -> None:
    materials = split_materials("1.个人申请 2.户口簿 3.毕业证 5.户口迁移证")
    assert materials.items == ["个人申请", "户口簿", "毕业证", "户口迁移证"]
    assert materials.skipped == [4]


def test_another_numbering_style_inside_an_item_stays_in_the_item() -> None:
    materials = split_materials("1.在职职工：①登记表；②身份证复印件 2.灵活就业人员：①身份证件；②登记表")
    assert materials.items == ["在职职工：①登记表；②身份证复印件", "灵活就业人员：①身份证件；②登记表"]


def test_numbering_restarts_under_chinese_headings_become_separate_lines() -> None:
    materials = split_materials("一、主体资格证明 1.营业执照 2.身份证明 二、项目批准文件 1.土地使用证 2.规划许可证")
    assert materials.items == ["一、主体资格证明", "营业执照", "身份证明", "二、项目批准文件", "土地使用证", "规划许可证"]
    assert materials.skipped == []


def test_wu_means_nothing_to_bring_which_is_not_an_empty_cell() -> None:
    none = split_materials("无")
    empty = split_materials("  ")
    assert none.items == [] and none.none_needed and none.raw == "无"
    assert empty.items == [] and not empty.none_needed and empty.raw == ""


def test_letters_with_digits_are_not_item_numbers() -> None:
    materials = split_materials("持有驾驶证 A1、A2、B1 可以直接换发，需要提供以下资料： 1.驾驶证复印件 2.证件照4张")
    assert materials.notice.startswith("持有驾驶证 A1、A2、B1")
    assert materials.items == ["驾驶证复印件", "证件照4张"]


def test_a_cell_describing_what_the_office_does_is_procedure_like() -> None:
    cell = (
        "1.申请人提出书面申请或委托连队（社区）代为申请并提交必要材料； 2.开展家庭经济状况调查工作； "
        "3.入户调查后提出初审意见； 4.申请家庭所在连队（社区）公示7天； 5.公示无异议之后召开社会救助专题会议"
    )
    assert looks_like_procedure(split_materials(cell).items)
    assert looks_like_procedure(split_materials("1.收集社保卡号； 2.上传至“一卡通”平台及时校验； 3.每月及时将资金发放到位。").items)


@pytest.mark.parametrize(
    "cell",
    [
        "1.本人身份证正反面复印件1份； 2.填写《高龄老人基本生活津贴申请审批表》1份",
        "1.项目建议书 2.项目审批表 3.申报项目公示及结果 4.相关营业执照",
        "1.申请报告 2.相关部门审查意见 3.乡级政府审核意见 4.地形图",
        "身份证、银行卡",
    ],
)
def test_a_list_of_papers_is_not_procedure_like_even_with_office_words(cell: str) -> None:
    assert not looks_like_procedure(split_materials(cell).items)
