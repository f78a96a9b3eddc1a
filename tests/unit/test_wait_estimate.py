"""The estimated wait: a range from people ahead, recent service times and open windows."""

from __future__ import annotations

from bianmin.queue.estimate import DEFAULT_SERVICE_S, estimate_wait, service_band

SIX_MINUTES = [240.0, 300.0, 360.0, 420.0, 480.0]  # median 6 min, quartiles 5 and 7 min


def test_more_people_ahead_never_shortens_the_wait() -> None:
    previous = estimate_wait(0, SIX_MINUTES, 1)
    for ahead in range(1, 40):
        now = estimate_wait(ahead, SIX_MINUTES, 1)
        assert now.low_min >= previous.low_min and now.high_min >= previous.high_min
        previous = now


def test_a_range_in_five_minute_steps_around_the_quartiles() -> None:
    wait = estimate_wait(4, SIX_MINUTES, 1)
    # 4 × 4.5 min (quick: 0.75 × median) = 18 → 15; 5 × 7.8 min (slow: 1.3 × median) = 39 → 40
    assert (wait.low_min, wait.high_min, wait.text) == (15, 40, "约15–40分钟")
    assert wait.low_min % 5 == 0 and wait.high_min % 5 == 0


def test_open_windows_divide_the_wait() -> None:
    one, three = estimate_wait(9, SIX_MINUTES, 1), estimate_wait(9, SIX_MINUTES, 3)
    assert three.high_min < one.high_min and three.low_min < one.low_min
    assert (three.windows, one.windows) == (3, 1)


def test_no_window_open_counts_as_one_and_says_so() -> None:
    none = estimate_wait(3, SIX_MINUTES, 0)
    assert none.windows == 0
    assert (none.low_min, none.high_min) == (estimate_wait(3, SIX_MINUTES, 1).low_min,
                                             estimate_wait(3, SIX_MINUTES, 1).high_min)


def test_slower_recent_services_give_a_longer_wait() -> None:
    quick = estimate_wait(5, [120.0] * 10, 1)
    slow = estimate_wait(5, [900.0] * 10, 1)
    assert slow.low_min > quick.high_min


def test_too_few_services_fall_back_to_five_minutes() -> None:
    assert service_band([600.0, 700.0]) == service_band([])
    low, high = service_band([])
    assert low < DEFAULT_SERVICE_S < high


def test_nobody_ahead_is_within_minutes_and_a_long_line_is_capped() -> None:
    assert estimate_wait(0, SIX_MINUTES, 2).text == "约5分钟内"
    assert estimate_wait(0, SIX_MINUTES, 1).text == "约10分钟内"
    assert estimate_wait(80, SIX_MINUTES, 1).text == "约2小时以上"
    long = estimate_wait(25, SIX_MINUTES, 1)  # 112 min at best, more than 2 h at worst
    assert long.text == f"约{long.low_min}分钟以上" and long.high_min == 120
