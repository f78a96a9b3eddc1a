"""The estimated wait a visitor is shown before and after taking a number: a range, not a guess.

A pure function of three things the hall knows: the people ahead, the queue's recent service
times (start → finish) and the windows open for the queue (signed in, not paused). The low
end assumes the quicker services (the lower quartile) for everyone ahead; the high end the
slower ones (upper quartile) for everyone ahead and for whoever is being served now. With too
few recent services a typical five minutes stands in. Both ends are rounded outwards to five
minutes: a visitor plans by the range, and a precise-looking minute would be a false promise.
docs/kiosk.md explains it to the hall.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# the service time assumed while the queue has fewer than MIN_SAMPLES recent services
DEFAULT_SERVICE_S = 300.0
MIN_SAMPLES = 3
# recent services considered, newest first (the caller reads at most this many)
SAMPLES = 20
STEP_MIN = 5
# beyond this the range says only "more than two hours"
CEILING_MIN = 120
# with few samples the quartiles sit close together: the range is at least this wide
MIN_SPREAD = (0.75, 1.3)


@dataclass(frozen=True)
class Estimate:
    ahead: int
    windows: int  # windows open for the queue now (0: none staffed; counted as one)
    low_min: int
    high_min: int
    text: str  # 约10–20分钟 / 约10分钟内 / 约60分钟以上 / 约2小时以上

    def as_json(self) -> dict[str, object]:
        return {"ahead": self.ahead, "windows": self.windows, "low_min": self.low_min,
                "high_min": self.high_min, "text": self.text}


def _quartile(ordered: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks (as statistics.quantiles' inclusive)."""
    position = (len(ordered) - 1) * q
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def service_band(service_s: Sequence[float]) -> tuple[float, float]:
    """(quick, slow) seconds per visitor: the quartiles of recent services, or the default."""
    samples = sorted(s for s in service_s if s is not None and s >= 0)
    if len(samples) < MIN_SAMPLES:
        typical = DEFAULT_SERVICE_S
        return typical * MIN_SPREAD[0], typical * MIN_SPREAD[1]
    median = _quartile(samples, 0.5)
    quick = min(_quartile(samples, 0.25), median * MIN_SPREAD[0])
    slow = max(_quartile(samples, 0.75), median * MIN_SPREAD[1])
    return quick, slow


def estimate_wait(ahead: int, service_s: Sequence[float], windows: int) -> Estimate:
    """How long until this visitor is called, as a range of whole five-minute steps."""
    ahead = max(ahead, 0)
    open_windows = max(windows, 0)
    lanes = max(open_windows, 1)
    quick, slow = service_band(service_s)
    low_s = ahead * quick / lanes
    high_s = (ahead + 1) * slow / lanes
    low = math.floor(low_s / 60 / STEP_MIN) * STEP_MIN
    high = max(math.ceil(high_s / 60 / STEP_MIN) * STEP_MIN, low + STEP_MIN)
    if low >= CEILING_MIN:
        text = "约2小时以上"
        low, high = CEILING_MIN, CEILING_MIN
    elif high > CEILING_MIN:
        high = CEILING_MIN
        text = f"约{low}分钟以上"
    elif low == 0:
        text = f"约{high}分钟内"
    else:
        text = f"约{low}–{high}分钟"
    return Estimate(ahead=ahead, windows=open_windows, low_min=low, high_min=high, text=text)
