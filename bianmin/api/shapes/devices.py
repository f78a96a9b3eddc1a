"""Devices: the enrolment request and a device as it knows itself."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bianmin.api.shapes.common import Answer, Input, nonblank_text


class EnrolRequest(Input):
    code: nonblank_text(40, description="the one-time code `bianmin device add` printed "
                        "(8 digits)")
    codes = {"code": "invalid_code"}
    hints = {"code": "请输入 8 位数字注册码。"}


class Device(Answer):
    id: int
    name: str = Field(description="e.g. kiosk-1, unique within the hall")
    kind: Literal["kiosk", "lobby", "window", "rating"]
    hall: str = Field(description="the hall's code")
    window: int | None = Field(description="window screens and rating tablets")
    page: str | None = Field(description="the page this device shows")
    message: str = Field(description="in Chinese, when the device has no page yet")


class Enrolment(Answer):
    token: str = Field(description="keep it; it is shown once")
    device: Device
