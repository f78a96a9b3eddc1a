"""Statistics: the report query and its answer (docs/statistics.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from bianmin.api.shapes.common import Answer, Input
from bianmin.api.shapes.ratings import DAY

_GROUP = "(day|hour|queue|scenario|department|window|staff|kiosk|weekday|weekday_hour)"
BY = Annotated[str, Field(pattern=rf"^{_GROUP}(,{_GROUP}){{0,9}}$", max_length=100, description=(
    "grouping, or several separated by commas (JSON: `rows` of the first, `groups` of "
    "each; XLSX: one sheet each; a repeated one counts once): day, hour, queue, scenario, "
    "department (the scenario's department, as it was), window, staff, kiosk, weekday (1 = Monday), weekday_hour (the heat map: rows name `weekday` and `hour`)"))]


class StatsQuery(Input):
    first: DAY | None = Field(None, alias="from", description="first business day (default: to − 29 days)")
    last: DAY | None = Field(None, alias="to", description="last business day (default: today)")
    by: BY = "day"
    # a refusal names the field by its alias (from, to)
    codes = {"from": "invalid_date", "to": "invalid_date", "by": "invalid_grouping"}
    hints = {"from": "from 须为日期 YYYY-MM-DD。", "to": "to 须为日期 YYYY-MM-DD。",
             "by": "by 只能是 day、hour、queue、scenario、department、window、staff、kiosk、weekday、weekday_hour（可用逗号分隔多个）。"}


class StatsCsvQuery(StatsQuery):
    by: Annotated[str, Field(pattern=rf"^{_GROUP}$", description=(
        "one grouping (a CSV is one table; XLSX takes several): day, hour, queue, scenario, "
        "department, window, staff, kiosk, weekday, weekday_hour"))] = "day"
    codes = {**StatsQuery.codes, "by": "one_grouping"}
    hints = {**StatsQuery.hints,
             "by": "CSV 只能按一种方式分组（day、hour、queue、scenario、department、window、staff、kiosk）；多种分组请下载 XLSX。"}


class CountyStatsQuery(Input):
    first: DAY | None = Field(None, alias="from", description="first business day (default: to − 29 days)")
    last: DAY | None = Field(None, alias="to", description="last business day (default: today)")
    by: Literal["hall"] = "hall"
    codes = {"from": "invalid_date", "to": "invalid_date", "by": "invalid_grouping"}
    hints = {"from": "from 须为日期 YYYY-MM-DD。", "to": "to 须为日期 YYYY-MM-DD。",
             "by": "县级报表只能按服务中心分组（by=hall）。"}


class StatsAnswer(Answer):
    hall: str
    first: str = Field(alias="from")
    last: str = Field(alias="to")
    by: list[str]
    rows: list[dict[str, Any]]
    groups: dict[str, list[dict[str, Any]]]
    total: dict[str, Any]
    wait_histogram: list[dict[str, Any]] = Field(default_factory=list, description=(
        "called tickets of the period per waiting-time bin (minutes `from_min` ≤ wait < "
        "`to_min`; the last bin's `to_min` is null)"))
