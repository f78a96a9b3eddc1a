"""Which registered device is asking, and whether a hall lets unenrolled devices in.

A device sends its token as the HTTP header ``Authorization: Device <token>`` (and as
``auth.device`` when it connects to Socket.IO). The one-time enrolment code, the token and
the registry are ``bianmin.devices.service``; this module only reads the request.
"""

from __future__ import annotations

from flask import g, request

from bianmin.catalog.demo import DEMO_CODE
from bianmin.devices.service import DeviceInfo, device_for_token
from bianmin.errors import Forbidden, Unauthorized
from bianmin.settings import Settings
from bianmin.web.runtime import runtime

SCHEME = "Device"


class DeviceRequired(Unauthorized):
    code = "device_required"
    message = "这台设备尚未注册，不能使用。请工作人员在本机打开 /enrol 输入注册码。"


class DeviceUnknown(Unauthorized):
    code = "device_unknown"
    message = "这台设备的注册已失效（已停用或已重新注册），请联系工作人员重新注册。"


class DeviceNotAllowed(Forbidden):
    code = "device_not_allowed"
    message = "这台设备不属于本服务中心或不能做这件事，请联系工作人员。"


def hall_is_open(settings: Settings, hall_code: str) -> bool:
    """Open mode: unenrolled kiosks and screens welcome, no issuing limit (the demo hall)."""
    return settings.open_kiosks or hall_code == DEMO_CODE


def presented_token() -> str | None:
    """The token of ``Authorization: Device <token>``, or None when there is no such header."""
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != SCHEME.lower():
        return None
    return token.strip()


def current_device() -> DeviceInfo | None:
    """The enrolled, unrevoked device of this request's token (looked up once per request)."""
    if "bianmin_device" not in g:
        token = presented_token()
        g.bianmin_device = None if token is None else device_for_token(
            runtime().db, token, address=request.remote_addr or "")
    return g.bianmin_device


def device_of_hall(hall_code: str) -> DeviceInfo | None:
    """This request's device if it belongs to the hall; None without a token; else 401/403."""
    device = current_device()
    if device is None:
        if presented_token() is not None:
            raise DeviceUnknown()
        return None
    if device.hall_code != hall_code:
        raise DeviceNotAllowed("这台设备属于另一个服务中心，请联系工作人员检查设备地址。")
    return device
