"""The hall snapshot: what the lobby, window and counter screens show (docs/realtime.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from bianmin.api.shapes.common import Answer


class SnapshotCall(Answer):
    ticket_id: int
    number: str = Field(description="e.g. A012")
    status: Literal["called", "serving", "done", "no_show", "transferred", "cancelled", "waiting", "held"]
    queue_id: int
    window: int = Field(description="the window's number")
    window_id: int
    window_name: str
    recall: bool = Field(description="called again (重呼)")
    recall_count: int
    at: datetime = Field(description="when it was (last) called")


class SnapshotHall(Answer):
    id: int
    code: str
    name: str
    timezone: str
    complaint_phone: str
    notice: str


class SnapshotQueue(Answer):
    id: int
    name: str
    prefix: str
    domain: str
    windows: list[int]
    waiting: int


class PausedWindow(Answer):
    window: int
    window_id: int
    window_name: str
    reason: str = Field("", description="the reason given at the counter (午间休息 …); empty when none")


class SnapshotWindow(Answer):
    id: int
    number: int
    name: str
    paused: bool
    pause_reason: str = Field("", description="the reason of the pause; empty when none or not paused")


class HallSnapshot(Answer):
    version: int = Field(description="grows by one per event of this hall")
    hall: SnapshotHall
    business_day: date
    at: datetime = Field(description="when it was read")
    current: list[SnapshotCall] = Field(
        description="the ticket at each window now, by window number")
    recent: list[SnapshotCall] = Field(
        description="the latest calls and recalls, newest first, one per ticket")
    queues: list[SnapshotQueue]
    waiting: dict[str, int] = Field(
        description="waiting tickets per queue id (as `queue.changed` sends)")
    paused: list[PausedWindow]
    windows: list[SnapshotWindow]
