"""Written notices: what the counter sends with 办结 (受理/补正/退办) and what it reads back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from bianmin.api.shapes.common import Answer, IdText, Input, text
from bianmin.api.shapes.tickets import PrintAttempt, PrintStatus
from bianmin.notices.errors import UnknownNotice
from bianmin.notices.kinds import MAX_MISSING, MAX_NOTE, MAX_REASON, MAX_TURN_TO

Position = Annotated[int, Field(ge=1, le=MAX_MISSING * 10)]


class NoticeFields(Input):
    """The notice's data, sent with the outcome (fields a kind does not use are ignored)."""

    missing: list[Position] = Field(default_factory=list, max_length=MAX_MISSING, description=(
        "补正: the checklist positions (1-based, as in the ticket's `materials`) ticked as "
        "missing"))
    note: text(MAX_NOTE, description="补正: free text (papers not on the checklist); "
               "others: a remark printed as 说明") = ""
    reason: text(MAX_REASON, description="退办 (required): why not accepted") = ""
    turn_to: text(MAX_TURN_TO, description="退办: where the visitor may turn instead (转往)") = ""
    codes = {"missing": "invalid_notice", "note": "invalid_notice", "reason": "invalid_notice",
             "turn_to": "invalid_notice"}
    hints = {"missing": "missing 须是材料清单中的序号列表，例如 [1, 3]。",
             "note": f"补充说明最多 {MAX_NOTE} 个字。",
             "reason": f"不予受理理由最多 {MAX_REASON} 个字。",
             "turn_to": f"转往最多 {MAX_TURN_TO} 个字。"}


class NoticePath(Input):
    notice_id: IdText
    refusal = {"notice_id": UnknownNotice}


class NoticeBody(Answer):
    id: int
    ticket_id: int
    kind: Literal["accepted", "supplement", "refused"]
    title: str = Field(description="受理通知书 / 补齐补正通知书 / 不予受理告知书")
    number: str = Field(description="document number of the hall's day, e.g. 六十二团便民〔2026〕1202-003号")
    hall_name: str
    window_number: int
    window_name: str
    staff: str = Field(description="name and 工号 of the member of staff")
    ticket_number: str
    scenario: str
    matter: str
    missing: list[str] = Field(description="补正: the missing papers, in checklist order")
    note: str
    reason: str
    turn_to: str
    time_limit: str
    promised_days: int | None
    promised_date: date | None = Field(description="受理 of a 承诺件: counted in working days")
    issued_at: datetime
    preview_url: str = Field(description="PNG preview (staff); `pdf_url` the same as PDF")
    pdf_url: str
    print: PrintStatus  # the ticket's print shape: job, status, message, attempt, error
    history: list[PrintAttempt]


class NoticeReprint(Answer):
    notice_id: int
    print: PrintStatus  # the ticket's print shape: job, status, message, attempt, error
    history: list[PrintAttempt]
