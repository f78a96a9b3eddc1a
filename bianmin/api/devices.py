"""Device enrolment: ``POST /api/v1/devices/enrol`` with the one-time code, and ``/devices/me``.

The answer's token is the device's from then on: it sends ``Authorization: Device <token>``
with every request and as ``auth.device`` on Socket.IO. Enrolment attempts are limited per
client address and, for failures, in all, so that codes cannot be found by guessing.
"""

from __future__ import annotations

from flask import request, url_for

from bianmin.api import blueprint
from bianmin.api.declare import operation
from bianmin.api.shapes.devices import Device, Enrolment, EnrolRequest
from bianmin.devices.errors import BadEnrolCode
from bianmin.devices.models import DeviceKind
from bianmin.devices.service import DeviceInfo, enrol
from bianmin.web.devices import DeviceRequired, DeviceUnknown, current_device, presented_token
from bianmin.web.limits import RateLimited
from bianmin.web.runtime import runtime

TOO_MANY_ATTEMPTS = "尝试次数太多，请稍后再试。如注册码无效，请联系管理员重新生成。"


@blueprint.post("/devices/enrol")
@operation("enrolDevice", "Spend a one-time enrolment code; the answer holds the device's token",
           description="The code is 8 digits, valid once within 24 hours. Attempts are limited "
           "per client address (`enrol_limit_address`) and failures in all "
           "(`enrol_limit_failures`): 429 with Retry-After.",
           body=EnrolRequest, answers={200: Enrolment}, errors=(401, 429))
def enrol_device(body: EnrolRequest):  # type: ignore[no-untyped-def]
    """Spend a one-time enrolment code; the answer carries the device's token (once)."""
    rt = runtime()
    address = request.remote_addr or ""
    rt.limits.hit(rt.settings.enrol_limit_address, "enrol-address", address,
                  message=TOO_MANY_ATTEMPTS, code="too_many_attempts")
    if not rt.limits.allows(rt.settings.enrol_limit_failures, "enrol-failures"):
        raise RateLimited(TOO_MANY_ATTEMPTS, code="too_many_attempts",
                          retry_after=rt.limits.retry_after(rt.settings.enrol_limit_failures,
                                                            "enrol-failures"))
    code = body.code
    try:
        done = enrol(rt.db, code, address=address)
    except BadEnrolCode:
        try:
            rt.limits.hit(rt.settings.enrol_limit_failures, "enrol-failures")
        except RateLimited:
            pass  # counted; the next attempt gets the 429
        raise
    return {"token": done.token, "device": device_body(done.device)}


@blueprint.get("/devices/me")
@operation("getThisDevice", "The device of the request's token", answers={200: Device},
           errors=(401,))
def this_device():  # type: ignore[no-untyped-def]
    """The device of this request's token (401 without an enrolled, unrevoked one)."""
    device = current_device()
    if device is None:
        raise DeviceUnknown() if presented_token() is not None else DeviceRequired()
    return device_body(device)


def device_body(device: DeviceInfo) -> dict:
    """The device as it knows itself, and the page it shows (None: not built yet)."""
    return {
        "id": device.id,
        "name": device.name,
        "kind": device.kind,
        "hall": device.hall_code,
        "window": device.window,
        "page": page_of(device),
        "message": "",
    }


def page_of(device: DeviceInfo) -> str | None:
    if device.kind == DeviceKind.KIOSK:
        return url_for("kiosk.screen", hall=device.hall_code)
    if device.kind == DeviceKind.LOBBY:
        return url_for("display.lobby", hall=device.hall_code)
    if device.kind == DeviceKind.WINDOW:
        return url_for("display.window", hall=device.hall_code, number=device.window)
    if device.kind == DeviceKind.RATING:
        return url_for("rate.tablet", hall=device.hall_code, number=device.window)
    return None
