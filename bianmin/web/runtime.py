"""What the views need, built once by create_app and kept on the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, request

from bianmin.db import Database
from bianmin.errors import InvalidInput
from bianmin.settings import Settings
from bianmin.web.limits import RateLimits


@dataclass
class Runtime:
    settings: Settings
    db: Database
    # rate-limit counters (sign-in, kiosk issuing): bianmin.web.limits
    limits: RateLimits
    # per-process caches and adapters, keyed by name (search indexes, printer, publisher)
    parts: dict[str, Any] = field(default_factory=dict)


def runtime() -> Runtime:
    return current_app.extensions["bianmin"]


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 that says what was wrong."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("请求内容必须是 JSON 对象。", code="invalid_json")
    return data
