"""RateLimits on the real Redis server, and what happens when its storage is unreachable."""

from __future__ import annotations

import logging
import uuid

import pytest

from bianmin.settings import load_settings
from bianmin.web.limits import RateLimited, make_limits


def limits_on(message_queue: str):  # type: ignore[no-untyped-def]
    channel = f"limits-test-{uuid.uuid4().hex[:8]}"
    return make_limits(load_settings({"message_queue": f"{message_queue}?channel={channel}"},
                                     environ={}))


def test_counts_in_redis_are_shared_by_two_apps_of_one_deployment() -> None:
    channel = f"limits-test-{uuid.uuid4().hex[:8]}"
    settings = load_settings({"message_queue": f"redis://127.0.0.1:6379/0?channel={channel}"},
                             environ={})
    first, second = make_limits(settings), make_limits(settings)
    first.hit("2 per minute", "kiosk", "1")
    second.hit("2 per minute", "kiosk", "1")
    with pytest.raises(RateLimited) as refused:
        first.hit("2 per minute", "kiosk", "1", message="取号太频繁", code="too_many_tickets")
    assert refused.value.code == "too_many_tickets"
    assert 1 <= refused.value.retry_after <= 60
    # another key, and another deployment's channel, count apart
    first.hit("2 per minute", "kiosk", "2")
    limits_on("redis://127.0.0.1:6379/0").hit("2 per minute", "kiosk", "1")


def test_an_unreachable_storage_lets_requests_through_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    limits = limits_on("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with caplog.at_level(logging.WARNING, logger="bianmin.web.limits"):
        for _ in range(5):
            limits.hit("1 per minute", "signin-user", "zhang")
        assert limits.allows("1 per minute", "signin-user", "zhang")
    warnings = [r for r in caplog.records if "storage is unavailable" in r.getMessage()]
    assert len(warnings) == 1  # once a minute, not once per request
