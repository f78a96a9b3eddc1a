"""实时概况: the managers' live dashboard of one hall (docs/statistics.md, "Dashboard")."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bianmin.api.shapes.common import Answer


class DashboardQueue(Answer):
    prefix: str
    name: str
    waiting: int
    longest_wait_s: float | None = Field(description="seconds the longest-waiting visitor has waited; null: nobody waits")


class DashboardWindow(Answer):
    number: int
    name: str
    state: Literal["paused", "serving", "idle", "closed"] = Field(description=(
        "paused 暂停服务; serving a visitor called or at the window; idle signed in, nobody "
        "at the window; closed nobody signed in"))
    paused_since: str | None
    ticket: str | None = Field(description="the number at the window, e.g. A012")
    staff: list[str] = Field(description="names of the staff signed in at the window")


class DashboardDurations(Answer):
    count: int
    mean_s: float | None
    p90_s: float | None = Field(description="nearest-rank 90th percentile")
    max_s: float | None


class DashboardToday(Answer):
    business_day: str
    issued: int = Field(description="numbers taken (a transfer's new number not counted)")
    called: int
    served: int = Field(description="finished with any outcome")
    no_shows: int
    transfers: int
    cancelled: int
    waiting: int
    outcomes: dict[str, int] = Field(description="finished tickets per outcome code")
    wait: DashboardDurations = Field(description="issue → first call")
    service: DashboardDurations = Field(description="start → finish of finished tickets")
    ratings: int
    levels: dict[str, int] = Field(description="ratings per level 5..1")
    satisfaction: float | None = Field(description="share of levels 4–5; null: no rating yet")


class DashboardBadRating(Answer):
    id: int
    level: int
    code: str
    window: int | None
    at: str
    overdue: bool


class DashboardAlert(Answer):
    kind: Literal["long_wait", "long_pause", "bad_rating"]
    message: str
    queue: str | None
    window: int | None
    rating_id: int | None


class Dashboard(Answer):
    hall: str
    hall_name: str
    version: int = Field(description="the hall snapshot's event version this was read at")
    at: str
    thresholds: dict[str, int]
    today: DashboardToday
    queues: list[DashboardQueue]
    windows: list[DashboardWindow]
    open_bad_ratings: list[DashboardBadRating] = Field(description="bad ratings whose follow-up is open, newest first")
    alerts: list[DashboardAlert]
