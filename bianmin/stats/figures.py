"""The report's figures for a group of tickets: counts, times and ratings (pure).

``figures`` is the plain definition over ``TicketFacts`` (the tests' reference);
``from_sums`` turns what the database summed for a group (``report.py``) into the same
figures. Times are seconds. Percentiles are nearest-rank (the smallest value with at least p % of
the values at or below it), so every p50/p90 is a time that really occurred.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable
from datetime import datetime

from bianmin.queue.outcomes import Outcome
from bianmin.ratings.levels import BAD, SATISFIED
from bianmin.stats.facts import TicketFacts

OUTCOMES = [o.value for o in Outcome]
LEVELS = [5, 4, 3, 2, 1]

# every figure of a row, in the order of the CSV/XLSX columns
FIGURES = (
    ["issued", "called", "served"]
    + [f"outcome_{o}" for o in OUTCOMES]
    + ["no_shows", "transfers", "cancellations", "unserved", "recalls",
       "wait_mean_s", "wait_p50_s", "wait_p90_s", "wait_max_s", "walk_mean_s", "service_mean_s",
       "ratings"]
    + [f"rating_{level}" for level in LEVELS]
    + ["satisfaction", "rating_rate", "bad_ratings", "bad_handled_in_time", "bad_open"]
)


def seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds()


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of ``values`` (None when there are none)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(tickets: Iterable[TicketFacts]) -> dict[str, object]:
    """Every figure of FIGURES for these tickets."""
    rows = list(tickets)
    waits = [w for t in rows if (w := seconds(t.issued_at, t.first_called_at)) is not None]
    walks = [w for t in rows if (w := seconds(t.first_called_at, t.started_at)) is not None]
    services = [s for t in rows if t.end == "finished"
                and (s := seconds(t.started_at, t.finished_at)) is not None]
    served = [t for t in rows if t.end == "finished"]
    rated = [t.rating for t in rows if t.rating is not None]
    out: dict[str, object] = {
        "issued": len(rows),
        "called": sum(1 for t in rows if t.first_called_at is not None),
        "served": len(served),
    }
    for code in OUTCOMES:
        out[f"outcome_{code}"] = sum(1 for t in served if t.outcome == code)
    out.update({
        "no_shows": sum(1 for t in rows if t.end == "no_show"),
        "transfers": sum(1 for t in rows if t.end == "transferred"),
        "cancellations": sum(1 for t in rows if t.end == "cancelled"),
        "unserved": sum(1 for t in rows if t.end == "unserved"),
        "recalls": sum(t.recalls for t in rows),
        "wait_mean_s": mean(waits),
        "wait_p50_s": percentile(waits, 50),
        "wait_p90_s": percentile(waits, 90),
        "wait_max_s": max(waits) if waits else None,
        "walk_mean_s": mean(walks),
        "service_mean_s": mean(services),
        "ratings": len(rated),
    })
    for level in LEVELS:
        out[f"rating_{level}"] = sum(1 for r in rated if r == level)
    out["satisfaction"] = share(sum(1 for r in rated if r >= SATISFIED), len(rated))
    out["rating_rate"] = share(sum(1 for t in served if t.rating is not None), len(served))
    bad = [t for t in rows if t.rating is not None and t.rating <= BAD]
    out["bad_ratings"] = len(bad)
    out["bad_handled_in_time"] = sum(1 for t in bad if t.followup == "in_time")
    out["bad_open"] = sum(1 for t in bad if t.followup in (None, "open"))
    return out


# the waiting-time distribution's bins, in minutes: [0, 5), [5, 10), … [60, ∞)
WAIT_BINS_MIN = (0, 5, 10, 15, 20, 30, 45, 60)


def wait_histogram(tickets: Iterable[TicketFacts]) -> list[dict[str, object]]:
    """Called tickets per waiting-time bin (issue → first call): the report's distribution chart."""
    counts = [0] * len(WAIT_BINS_MIN)
    for t in tickets:
        wait = seconds(t.issued_at, t.first_called_at)
        if wait is None:
            continue
        counts[max(0, bisect_right(WAIT_BINS_MIN, wait / 60) - 1)] += 1
    return [{"from_min": low, "to_min": WAIT_BINS_MIN[i + 1] if i + 1 < len(WAIT_BINS_MIN) else None,
             "count": counts[i]} for i, low in enumerate(WAIT_BINS_MIN)]


def from_sums(sums: dict[str, object]) -> dict[str, object]:
    """Every figure of FIGURES from a group's sums (what ``report.py`` asks the database for):
    counts, sums and counts of the times, the largest wait, the two wait percentiles."""

    def count(key: str) -> int:
        return int(sums.get(key) or 0)  # type: ignore[call-overload]

    def average(key: str) -> float | None:
        n = count(f"{key}_n")
        return round(float(sums[f"{key}_sum"]) / n, 1) if n else None  # type: ignore[arg-type]

    def seconds_or_none(key: str) -> float | None:
        value = sums.get(key)
        return None if value is None else float(value)  # type: ignore[arg-type]

    out: dict[str, object] = {"issued": count("issued"), "called": count("called"),
                              "served": count("served")}
    for code in OUTCOMES:
        out[f"outcome_{code}"] = count(f"outcome_{code}")
    out.update({
        "no_shows": count("no_shows"), "transfers": count("transfers"),
        "cancellations": count("cancellations"), "unserved": count("unserved"), "recalls": count("recalls"),
        "wait_mean_s": average("wait"), "wait_p50_s": seconds_or_none("wait_p50"),
        "wait_p90_s": seconds_or_none("wait_p90"), "wait_max_s": seconds_or_none("wait_max"),
        "walk_mean_s": average("walk"), "service_mean_s": average("service"),
        "ratings": count("ratings"),
    })
    for level in LEVELS:
        out[f"rating_{level}"] = count(f"rating_{level}")
    out["satisfaction"] = share(count("satisfied"), count("ratings"))
    out["rating_rate"] = share(count("rated_served"), count("served"))
    out["bad_ratings"] = count("bad_ratings")
    out["bad_handled_in_time"] = count("bad_handled_in_time")
    out["bad_open"] = count("bad_open")
    return out
