"""Rate limits (sign-in, kiosk issuing, …) on the maintained ``limits`` library.

``limits`` is the engine under Flask-Limiter; we call it directly because our keys come
from inside the request (the username of a sign-in, the kiosk of a device token), and
each app needs its own storage (tests build many apps in one process). Storage: the Redis
of ``message_queue`` when there is one, so every server process counts together; memory
otherwise; or ``rate_limit_storage`` when set. Redis keys are prefixed by the deployment's
channel, so deployments sharing one Redis server count apart.

If the storage is unreachable (Redis down), requests are let through and a warning is
logged once a minute: a hall keeps issuing tickets and staff keep signing in, while the
defences that do not count in the storage (the sign-in lockout in the database, the
bounded password checks) still hold.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from bianmin.errors import BianminError
from bianmin.settings import Settings, SettingsError

log = logging.getLogger(__name__)
# a storage outage is logged at most this often
WARN_EVERY_SECONDS = 60.0


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
        self._warned_at = -WARN_EVERY_SECONDS

    def hit(self, limit: str, *keys: str, message: str | None = None, code: str | None = None) -> None:
        """Count one request against ``limit`` for ``keys``; RateLimited past it."""
        item = self._item(limit)
        try:
            allowed = self._limiter.hit(item, *keys)
        except Exception:  # noqa: BLE001 - the storage's own errors (redis.ConnectionError, …)
            self._storage_down()
            return
        if not allowed:
            raise RateLimited(message, retry_after=self.retry_after(limit, *keys), code=code)

    def allows(self, limit: str, *keys: str) -> bool:
        """True when one more request for ``keys`` would pass (counts nothing)."""
        try:
            return self._limiter.test(self._item(limit), *keys)
        except Exception:  # noqa: BLE001 - as in hit()
            self._storage_down()
            return True

    def _storage_down(self) -> None:
        if time.monotonic() - self._warned_at > WARN_EVERY_SECONDS:
            self._warned_at = time.monotonic()
            log.warning("rate limits not counted: their storage is unavailable", exc_info=True)

    def retry_after(self, limit: str, *keys: str) -> int:
        try:
            stats = self._limiter.get_window_stats(self._item(limit), *keys)
        except Exception:  # noqa: BLE001 - as in hit()
            self._storage_down()
            return 60
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
