"""The 办理时限 cell: every form the catalog uses, and when a leftover is worth reporting."""

from __future__ import annotations

import pytest

from bianmin.catalog.models import TimeLimitKind
from bianmin.catalog.timelimit import parse_time_limit


@pytest.mark.parametrize("text", ["即时办理", "即时办结", "当天办理", " 即时办理 ", "即时办结。"])
def test_immediate_forms(text: str) -> None:
    limit = parse_time_limit(text)
    assert limit.kind is TimeLimitKind.IMMEDIATE
    assert (limit.legal_days, limit.promised_days, limit.doubtful) == (None, None, False)
    assert limit.raw == text.strip()


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("1个工作日", 1),
        ("30个工作日", 30),
        ("75个工作日内", 75),
        ("7个工作日以内", 7),
        ("不超过20个工作日", 20),
        ("不超过5个工作日", 5),
        ("15工作日", 15),
    ],
)
def test_working_days_forms_give_the_promised_days(text: str, days: int) -> None:
    limit = parse_time_limit(text)
    assert limit.kind is TimeLimitKind.WORKING_DAYS
    assert limit.promised_days == days
    assert limit.legal_days is None


@pytest.mark.parametrize(
    ("text", "legal", "promised"),
    [
        ("法定时限 20 工作日，承诺时限 10 工作日", 20, 10),
        ("法定时限30工作日，承诺时限15工作日", 30, 15),
        ("法定时限30工作日，承诺时限 15 工作日", 30, 15),
        ("法定时限 15 工作日,承诺时限 7 工作日", 15, 7),
    ],
)
def test_legal_and_promised_limits(text: str, legal: int, promised: int) -> None:
    limit = parse_time_limit(text)
    assert limit.kind is TimeLimitKind.WORKING_DAYS
    assert (limit.legal_days, limit.promised_days) == (legal, promised)


@pytest.mark.parametrize("text", ["", "   "])
def test_blank_is_none(text: str) -> None:
    assert parse_time_limit(text).kind is TimeLimitKind.NONE


@pytest.mark.parametrize(
    "text",
    ["根据具体情况而定", "一年一次", "1年1次", "6个月", "全年", "规定时间内上报师就业服务中心",
     "根据退役军人档案到达师市的具体情况而定", "当月15日—30日由连队/社区报送"],
)
def test_text_naming_no_working_day_or_immediate_limit_is_a_legitimate_other(text: str) -> None:
    limit = parse_time_limit(text)
    assert limit.kind is TimeLimitKind.OTHER
    assert limit.raw == text
    assert not limit.doubtful


@pytest.mark.parametrize(
    "text",
    ["即时办理（大型机械根据具体情况而定）", "在职职工不超过5个工作日；灵活就业人员即时办结",
     "三个工作日", "承诺时限10工作日"],
)
def test_limit_words_that_do_not_parse_are_doubtful_and_kept(text: str) -> None:
    limit = parse_time_limit(text)
    assert limit.kind is TimeLimitKind.OTHER
    assert limit.doubtful
    assert limit.raw == text
    assert limit.promised_days is None
