"""The guide desk (咨询导办台): a ticket for the visitor, a 咨询 counted, the desk's day."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bianmin.api.shapes.common import Answer, Input, text
from bianmin.api.shapes.stats import DAY
from bianmin.api.shapes.tickets import MAX_KIOSK, MAX_REQUEST_ID, IdOrDigits, Ticket

MAX_REASON = 100


class GuideTicketRequest(Input):
    scenario_id: IdOrDigits = Field(description="the scenario's id (a positive integer)")
    priority: Literal["normal", "green"] | None = Field(
        "normal", description="green: 绿色通道, only with a `green_reason`")
    green_reason: text(MAX_REASON, description="why the visitor goes in the green channel "
                       "(e.g. 80岁以上老人); required for green, kept on the issued event") = ""
    request_id: text(MAX_REQUEST_ID, min_length=1,
                     description="chosen by the desk, once per press of 代取号") | None = None
    kiosk: text(MAX_KIOSK, description="print on this registered kiosk's printer (the desk's "
                "own printer, registered as a kiosk device); default: the installation's "
                "default printer") | None = None
    codes = {"scenario_id": "invalid_scenario_id", "priority": "invalid_priority",
             "green_reason": "invalid_green_reason", "request_id": "invalid_request_id",
             "kiosk": "invalid_kiosk"}
    hints = {"scenario_id": "请先查找并选择要办理的事项（scenario_id 必须是正整数）。",
             "priority": "priority 只能是 normal 或 green。",
             "green_reason": f"绿色通道原因最多 {MAX_REASON} 个字。",
             "request_id": f"request_id 必须是 1–{MAX_REQUEST_ID} 个字符的字符串。",
             "kiosk": f"kiosk 必须是不超过 {MAX_KIOSK} 个字符的取号机名称。"}


class ConsultRequest(Input):
    scenario_id: IdOrDigits | None = Field(None, description="the matter asked about, if staff "
                                           "picked it from the search")
    codes = {"scenario_id": "invalid_scenario_id"}
    hints = {"scenario_id": "scenario_id 必须是正整数，或不填。"}


class Consulted(Answer):
    id: int
    business_day: str
    today: int = Field(description="the hall's 咨询 count for the business day so far")


class GuideTicket(Ticket):
    pass


class GuideDayQuery(Input):
    first: DAY | None = Field(None, alias="from", description="first business day (default: to − 29 days)")
    last: DAY | None = Field(None, alias="to", description="last business day (default: today)")
    codes = {"from": "invalid_date", "to": "invalid_date"}
    hints = {"from": "from 须为日期 YYYY-MM-DD。", "to": "to 须为日期 YYYY-MM-DD。"}


class GuideDay(Answer):
    day: str
    consults: int = Field(description="导办咨询: questions answered at the desk without a ticket")
    assisted: int = Field(description="帮办代办: tickets the desk issued for visitors")
    assisted_green: int = Field(description="of those, in the green channel")


class GuideDays(Answer):
    hall: str
    first: str = Field(alias="from")
    last: str = Field(alias="to")
    rows: list[GuideDay]
