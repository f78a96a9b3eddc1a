"""好差评: a visitor's rating, the managers' lists and the follow-up notes (docs/ratings.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field

from bianmin.api.shapes.common import NONBLANK, Answer, HallPath, Id, IdText, Input, text
from bianmin.catalog.errors import UnknownHall
from bianmin.ratings.errors import UnknownFollowUp
from bianmin.ratings.followup import ACTIONS
from bianmin.ratings.levels import MAX_PHONE, MAX_REMARK, REASONS

REASON = Literal["attitude", "efficiency", "guide", "trips", "other"]
ACTION = Literal["contacted", "explained", "rectified", "note", "closed"]
DAY = Annotated[str, Field(pattern=r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
                           description="YYYY-MM-DD",
                           json_schema_extra={"format": "date"})]
_REASON_WORDS = "; ".join(f"{code} {word}" for code, word in REASONS.items())


def _whole(value: object) -> object:
    """JSON Schema counts 3.0 as an integer: so does the server (as shapes.common.Id)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# reasons for levels 1–2 (at least one), none for 3–5: said in the document too
_REASONS_RULE = {
    "if": {"properties": {"level": {"maximum": 2}}, "required": ["level"]},
    "then": {"required": ["reasons"], "properties": {"reasons": {"minItems": 1}}},
    "else": {"properties": {"reasons": {"maxItems": 0}}},
}


class RatingRequest(Input):
    model_config = ConfigDict(json_schema_extra=_REASONS_RULE)
    level: Annotated[int, Field(ge=1, le=5, description=(
        "5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意")), BeforeValidator(_whole)]
    reasons: Annotated[list[REASON], Field(max_length=len(REASONS), description=(
        f"required (at least one) for levels 1–2, refused for 3–5: {_REASON_WORDS}"))] = []
    remark: text(MAX_REMARK, description="optional words of the visitor") = ""
    phone: Annotated[str, Field(pattern=r"^[0-9]{0,20}$", max_length=MAX_PHONE,
                                description="optional phone number for the follow-up (digits)")] = ""
    token: text(100, description=(
        "the ticket's signed token (as in its status_url /t/<token>); leave out only on the "
        "window's rating tablet")) | None = None
    window: Id | None = Field(None, description=(
        "open-mode halls only, without a token: the rating tablet's window number, which "
        "must be the window that finished the ticket"))
    codes = {"level": "invalid_level", "reasons": "invalid_reason", "remark": "invalid_remark",
             "phone": "invalid_phone", "token": "wrong_token", "window": "invalid_window"}
    hints = {"level": "评价等级只能是 1–5（5 非常满意 … 1 非常不满意）。",
             "level.missing": "请选择评价等级（level）。",
             "reasons": "不满意的原因只能是：" + "、".join(
                 f"{c}（{w}）" for c, w in REASONS.items()) + "。",
             "remark": f"留言最多 {MAX_REMARK} 个字。",
             "phone": f"联系电话只能是数字，最多 {MAX_PHONE} 位。",
             "token": "二维码与这个号不符，请重新扫描小票上的二维码。",
             "window": "window 必须是窗口号（正整数）。"}


class RatingQuery(Input):
    token: text(100, description="the ticket's token (or header X-Ticket-Token)") | None = None


class RatingsQuery(Input):
    # named from/to in the query string
    first: DAY | None = Field(None, alias="from", description="first business day (default: 30 days ago)")
    last: DAY | None = Field(None, alias="to", description="last business day (default: today)")
    codes = {"first": "invalid_date", "last": "invalid_date"}
    hints = {"first": "from 须为日期 YYYY-MM-DD。", "last": "to 须为日期 YYYY-MM-DD。"}


class FollowUpQuery(Input):
    state: Literal["open", "closed", "all"] = "open"
    codes = {"state": "invalid_state"}
    hints = {"state": "state 只能是 open、closed 或 all。"}


class FollowUpPath(HallPath):
    rating_id: IdText
    refusal = {"hall": UnknownHall, "rating_id": UnknownFollowUp}


NOTE_TEXT = text(500, description="what was done (required to close, and for `note`)")


# a note of kind `note` or `closed`, and any note that closes, says what was done
_NOTE_TEXT_RULE = {"allOf": [
    {"if": {"properties": {"action": {"enum": ["note", "closed"]}}, "required": ["action"]},
     "then": {"required": ["text"], "properties": {"text": {"pattern": NONBLANK}}}},
    {"if": {"properties": {"close": {"const": True}}, "required": ["close"]},
     "then": {"required": ["text"], "properties": {"text": {"pattern": NONBLANK}}}},
]}


class NoteRequest(Input):
    model_config = ConfigDict(json_schema_extra=_NOTE_TEXT_RULE)
    action: ACTION = Field(description="; ".join(f"{c} {w}" for c, w in ACTIONS.items()))
    text: NOTE_TEXT = ""
    close: bool = Field(False, description="close the follow-up with this note")
    codes = {"action": "invalid_action", "text": "note_too_long", "close": "invalid_close"}
    hints = {"action": "回访记录的类型只能是：" + "、".join(
        f"{c}（{w}）" for c, w in ACTIONS.items()) + "。",
        "text": "回访记录最多 500 个字。", "close": "close 只能是 true 或 false。"}


class StaffRef(Answer):
    id: int
    name: str
    employee_no: str = Field(description="工号; empty when the hall gave none")


class FollowUpNote(Answer):
    at: str
    action: ACTION
    action_label: str
    text: str
    staff: dict | None


class FollowUp(Answer):
    state: Literal["open", "closed", "none"] = Field(description="none: not a bad rating")
    due_at: str | None
    overdue: bool
    overdue_days: int = Field(description="started days past due_at while open; else 0")
    closed_at: str | None
    notes: list[FollowUpNote]


class Rating(Answer):
    id: int
    ticket_id: int
    code: str = Field(description="the ticket's number, e.g. A012")
    level: int
    level_label: str
    reasons: list[REASON]
    reason_labels: list[str]
    remark: str
    phone: str
    channel: Literal["tablet", "phone"]
    window: int | None = Field(description="the window that finished the ticket")
    window_name: str
    staff: StaffRef | None = Field(description="who finished the ticket (not who is signed in now)")
    scenario: str
    business_day: str
    at: str
    follow_up: FollowUp


class RatingAnswer(Answer):
    rating: Rating


class RatingList(Answer):
    hall: str
    first: str = Field(alias="from")
    last: str = Field(alias="to")
    ratings: list[Rating]


class FollowUpList(Answer):
    hall: str
    state: str
    ratings: list[Rating]


class OnDutyStaff(Answer):
    id: int
    name: str
    employee_no: str
    photo_url: str | None


class OnDutyAnswer(Answer):
    window: dict = Field(description="number and name")
    staff: list[OnDutyStaff] = Field(description="latest sign-in first; empty when nobody")
