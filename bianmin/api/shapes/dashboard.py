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
    pause_reason: str = Field("", description="the reason given when pausing (午间休息 …); empty when none or not paused")


_SECONDS = "seconds; null when nothing was measured"


class DashboardToday(Answer):
    """The report's row of the business day (bianmin.stats.today_so_far) plus ``waiting``:
    one computation, the definitions in docs/statistics.md ("The figures")."""

    business_day: str
    waiting: int = Field(description="today's tickets waiting now")
    issued: int = Field(description="tickets of the day (a transfer's new ticket included)")
    called: int = Field(description="tickets called at least once")
    served: int = Field(description="finished with any outcome")
    outcome_done: int
    outcome_accepted: int
    outcome_forwarded: int
    outcome_supplement: int
    outcome_refused: int
    outcome_consulted: int
    no_shows: int
    transfers: int = Field(description="tickets transferred away")
    cancellations: int
    unserved: int = Field(0, description="closed unserved at the end of the business day")
    recalls: int
    wait_mean_s: float | None = Field(description="issue → first call, mean; " + _SECONDS)
    wait_p50_s: float | None = Field(description="nearest-rank median; " + _SECONDS)
    wait_p90_s: float | None = Field(description="nearest-rank 90th percentile; " + _SECONDS)
    wait_max_s: float | None
    walk_mean_s: float | None = Field(description="first call → start; " + _SECONDS)
    service_mean_s: float | None = Field(description="start → finish of served tickets; " + _SECONDS)
    ratings: int
    rating_5: int
    rating_4: int
    rating_3: int
    rating_2: int
    rating_1: int
    satisfaction: float | None = Field(description="share of levels 4–5; null: no rating yet")
    rating_rate: float | None = Field(description="rated served tickets / served tickets")
    pauses: int | None = Field(description="window pauses begun today (or still running into it)")
    pause_total_s: float | None = Field(description="seconds windows were paused today so far")


class DashboardBadRating(Answer):
    id: int
    level: int
    code: str
    window: int | None
    at: str
    overdue: bool


class DashboardAlert(Answer):
    kind: Literal["long_wait", "long_pause", "bad_rating", "clock_skew"]
    message: str
    queue: str | None
    window: int | None
    rating_id: int | None


class DashboardDeviceClock(Answer):
    name: str = Field(description="the enrolled device, e.g. 大厅屏")
    kind: str
    skew_s: float = Field(description="seconds its clock is ahead of the server's (negative: behind), measured when it connected")
    at: str


class DashboardClock(Answer):
    limit_s: int = Field(description="`clock_skew_warn_seconds`: past it, an alert of kind clock_skew")
    database_s: float | None = Field(description="seconds the database's clock is ahead of the server's; null on SQLite (no clock of its own) or when it could not be read")
    devices: list[DashboardDeviceClock] = Field(description="the hall's enrolled devices connected to this server process since it started, with their last measured skew")


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
    clock: DashboardClock = Field(description="how far the database's and the devices' clocks are from the server's (docs/deployment.md, \"Time\")")
