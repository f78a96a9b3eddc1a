"""Rate limits (sign-in, kiosk issuing, …) on the maintained ``limits`` library.

``limits`` is the engine under Flask-Limiter; we call it directly because our keys come
from inside the request (the username of a sign-in, the kiosk of a device token), and
each app needs its own storage (tests build many apps in one process). Storage: the Redis
of ``message_queue`` when there is one, so every server process counts together; memory
otherwise; or ``rate_limit_storage`` when set. Redis keys are prefixed by the deployment's
channel, so deployments sharing one Redis server count apart.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from bianmin.errors import BianminError
from bianmin.settings import Settings, SettingsError


class RateLimited(BianminError):
    """Too many requests: HTTP 429 with ``Retry-After`` (seconds)."""

    code = "rate_limited"
    message = "操作太频繁，请稍后再试。"

    def __init__(self, message: str | None = None, *, retry_after: int, code: str | None = None):
        super().__init__(message, code=code, retry_after=retry_after)
        self.retry_after = retry_after


@dataclass
class RateLimits:
    """Moving-window counters in one storage, shared by every limit of an app."""

    storage: Storage

    def __post_init__(self) -> None:
        self._limiter = MovingWindowRateLimiter(self.storage)
        self._parsed: dict[str, RateLimitItem] = {}

    def hit(self, limit: str, *keys: str, message: str | None = None, code: str | None = None) -> None:
        """Count one request against ``limit`` for ``keys``; RateLimited past it."""
        item = self._item(limit)
        if not self._limiter.hit(item, *keys):
            raise RateLimited(message, retry_after=self.retry_after(limit, *keys), code=code)

    def allows(self, limit: str, *keys: str) -> bool:
        """True when one more request for ``keys`` would pass (counts nothing)."""
        return self._limiter.test(self._item(limit), *keys)

    def retry_after(self, limit: str, *keys: str) -> int:
        stats = self._limiter.get_window_stats(self._item(limit), *keys)
        return max(1, math.ceil(stats.reset_time - time.time()))

    def clear(self, limit: str, *keys: str) -> None:
        self._limiter.clear(self._item(limit), *keys)

    def _item(self, limit: str) -> RateLimitItem:
        item = self._parsed.get(limit)
        if item is None:
            try:
                item = self._parsed[limit] = parse(limit)
            except ValueError as exc:
                raise SettingsError(f"unusable rate limit {limit!r}: {exc}") from exc
        return item


def storage_uri(settings: Settings) -> tuple[str, dict]:
    """The storage URI and its options for these settings (see the module docstring)."""
    if settings.rate_limit_storage:
        return settings.rate_limit_storage, {}
    from bianmin.realtime import message_queue

    url, channel = message_queue(settings.message_queue)
    if url and url.startswith(("redis://", "rediss://")):
        return url, {"key_prefix": f"{channel}-limits"}
    return "memory://", {}


def make_limits(settings: Settings) -> RateLimits:
    uri, options = storage_uri(settings)
    return RateLimits(storage_from_string(uri, **options))
