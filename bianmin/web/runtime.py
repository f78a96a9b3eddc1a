"""What the views need, built once by create_app and kept on the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from bianmin.db import Database
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
    """The request's JSON object: 415 for another content type, 400 for bad or deep JSON.

    Prefer declaring the body (bianmin.api.declare.operation), which also validates it.
    """
    from bianmin.web.jsonbody import read_json

    return read_json(allow_empty=False)
