"""The miss log: what a kiosk reports when a search found nothing, and the managers' list."""

from __future__ import annotations

from pydantic import Field

from bianmin.api.shapes.common import Answer, Input, bounded_int, nonblank_text

MAX_REPORTED = 50
MAX_DAYS = 366


class MissReport(Input):
    query: nonblank_text(MAX_REPORTED, description=(
        "What the visitor typed and found nothing for (as sent to …/catalog/search)."))
    codes = {"query.missing": "missing_query", "query.blank": "empty_query",
             "query.string_too_long": "query_too_long", "query": "invalid_query"}
    hints = {"query.missing": "请给出没有找到结果的查找内容（query）。",
             "query.blank": "查找内容不能为空。",
             "query.string_too_long": f"查找内容太长，请不超过 {MAX_REPORTED} 个字。",
             "query": "query 必须是文字。"}


class MissRecorded(Answer):
    stored: bool = Field(description="false when the query was not kept")
    reason: str | None = Field(None, description=(
        "why not: found (the search finds something now), too_long (over 20 characters), "
        "personal_data (a run of 6+ digits or an e-mail address), empty"))


class MissQuery(Input):
    days: bounded_int(MAX_DAYS, description="the last this many business days, today "
                      "included") = 30
    codes = {"days": "invalid_days"}
    hints = {"days": f"days 必须是 1–{MAX_DAYS} 之间的整数。"}


class Miss(Answer):
    query: str
    count: int = Field(description="times it found nothing in the period")
    days: int = Field(description="business days on which it was logged")
    last_day: str = Field(description="YYYY-MM-DD")


class MissList(Answer):
    hall: str
    days: int
    misses: list[Miss]
