"""Spoken announcements and a hall's voice clips (docs/display.md, "Announcements")."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from bianmin.api.shapes.common import Answer, HallCode, Input, bounded_int
from bianmin.catalog.errors import UnknownHall
from bianmin.errors import NotFound
from bianmin.voice.sentence import CLIP_NAMES, MAX_WINDOW, TICKET


class UnknownClip(NotFound):
    code = "unknown_clip"
    message = ("没有这个录音名。可用的名字：qing hao dao chuangkou banli chonghu shi bai、"
               "数字 0–9、字母 A–Z 和 pause（见 docs/display.md）。")


class AnnouncementPath(Input):
    hall: HallCode
    ticket: Annotated[str, Field(pattern=TICKET.pattern, max_length=8, description=(
        "The ticket's number as shown, e.g. A012 (1-2 capital letters, 3-6 digits)."))]
    window: bounded_int(MAX_WINDOW, description="The window's number in the hall (1-999).")
    refusal = {"hall": UnknownHall}
    codes = {"ticket": "bad_ticket_number", "window": "bad_window"}
    hints = {
        "ticket": "票号格式不对：应为 1–2 个大写字母加 3–6 位数字，例如 A012。",
        "window": f"窗口号应为 1–{MAX_WINDOW} 的整数。",
    }


class AnnouncementQuery(Input):
    recall: Literal["0", "1"] = Field("0", description="1: the recall sentence (重呼，请…)")
    hints = {"recall": "recall 只能是 0 或 1。"}
    codes = {"recall": "bad_recall"}


class ClipPath(Input):
    hall: HallCode
    name: Literal[CLIP_NAMES]  # type: ignore[valid-type]
    refusal = {"hall": UnknownHall, "name": UnknownClip}


class VoiceClip(Answer):
    name: str = Field(description="the clip's name, e.g. qing, 0, A, pause")
    says: str = Field(description="what it says: 请, 零, A, （停顿）")
    own: bool = Field(description="true: the hall's own recording; false: the default clip")
    seconds: float | None = Field(description="its length (null when unreadable)")
    rate: int | None = Field(description="its sample rate in Hz")


class VoiceClips(Answer):
    hall: str
    clips: list[VoiceClip]
