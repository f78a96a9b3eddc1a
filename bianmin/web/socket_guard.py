"""What a Socket.IO client may send before it is admitted: its Origin and its ``auth``.

The hall's server is reached under several names on a LAN (127.0.0.1, the box's address,
a DNS name), so "same origin" means: the Origin's host names the Host the request came to.
A request without Origin is not a browser page (python-socketio, a hardware caller) and
is let through; browsers always send Origin on WebSocket and cross-origin polling.

``auth`` is declared once (pydantic): every malformed value is refused with a code and a
Chinese reason instead of an exception, a hang or a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bianmin.catalog.halls import HALL_CODE
from bianmin.errors import BianminError

log = logging.getLogger(__name__)

# the database's integer range: a window number beyond it is refused, not looked up
MAX_WINDOW = 2**31 - 1
# keys and sizes an ``auth`` object may have (future keys, e.g. a device token, pass through)
MAX_AUTH_KEYS = 8
MAX_EXTRA_TEXT = 512


class AuthRefused(BianminError):
    code = "invalid_auth"
    message = "连接参数有误。"


# --- origin ---------------------------------------------------------------------------

def origin_check(allowed: str) -> Callable[[str | None, dict], bool]:
    """engine.io's ``cors_allowed_origins`` callable: same host, or one of ``allowed``."""
    listed = {_normal_origin(o) for o in allowed.split(",") if o.strip()}
    anything = "*" in listed

    def allows(origin: str | None, environ: dict) -> bool:
        if not origin:
            return True  # not a browser page: nothing to protect against here
        if anything or _normal_origin(origin) in listed:
            return True
        host = (environ.get("HTTP_HOST") or "").strip().lower()
        try:
            netloc = urlsplit(origin).netloc.lower()
        except ValueError:
            return False
        same = bool(host) and netloc == host
        if not same:
            log.info("refused a Socket.IO request from origin %r (host %r)", origin[:200], host)
        return same

    return allows


def _normal_origin(origin: str) -> str:
    text = origin.strip().rstrip("/").lower()
    return text


# --- auth -----------------------------------------------------------------------------

WindowNumber = Annotated[int, Field(ge=1, le=MAX_WINDOW, strict=True)]


class ScreenAuth(BaseModel):
    """``auth`` of a screen, a kiosk or a counter connecting to namespace ``/hall``."""

    model_config = ConfigDict(extra="allow", frozen=True)

    hall: str | None = Field(default=None, min_length=1, max_length=40)
    window: WindowNumber | None = None
    # an enrolled device's token (a closed hall admits its devices and staff only)
    device: str | None = Field(default=None, min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")

    @model_validator(mode="before")
    @classmethod
    def _bounded(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError("auth must be an object")
        if len(data) > MAX_AUTH_KEYS:
            raise ValueError("too many keys")
        for key, value in data.items():
            if key in ("hall", "window", "device"):
                continue
            if not isinstance(key, str) or len(key) > 40:
                raise ValueError("bad key")
            if value is not None and not isinstance(value, str | int | bool):
                raise ValueError(f"{key}: unsupported value")
            if isinstance(value, str) and (len(value) > MAX_EXTRA_TEXT or not _clean(value)):
                raise ValueError(f"{key}: unsupported text")
        return data

    @field_validator("hall", mode="before")
    @classmethod
    def _hall(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str) or not HALL_CODE.fullmatch(value):
            raise ValueError("not a hall code")
        return value

    @field_validator("window", mode="before")
    @classmethod
    def _window(cls, value: Any) -> Any:
        # a number from a URL arrives as text: only ASCII digits count ("²".isdigit() is True)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            if not (value.isascii() and value.isdigit() and len(value) <= 10):
                raise ValueError("not a window number")
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("not a window number")
        return value


REASONS = {
    "auth": ("invalid_auth", "连接参数必须是对象，例如 {\"hall\": \"demo\", \"window\": 3}。"),
    "hall": ("invalid_hall", "hall 必须是服务中心代码（小写字母、数字、- 或 _，至多 40 个字符），例如 demo。"),
    "window": ("invalid_window", "window 必须是窗口号（正整数），例如 3。"),
    "device": ("device_unknown", "这块屏幕的注册信息有误，请联系工作人员重新注册。"),
}


def validated_auth(auth: Any) -> dict[str, Any]:
    """``auth`` checked and normalised (window as int, empties dropped); AuthRefused if bad."""
    if auth is None:
        return {}
    try:
        parsed = ScreenAuth.model_validate(auth)
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        field = str(first["loc"][0]) if first["loc"] else "auth"
        code, message = REASONS.get(field, REASONS["auth"])
        raise AuthRefused(message, code=code) from None
    return parsed.model_dump(exclude_none=True)


def _clean(text: str) -> bool:
    """No NUL and no lone surrogate (neither can be stored or printed)."""
    return "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)
