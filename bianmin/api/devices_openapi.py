"""Device enrolment, described for ``/api/v1/openapi.json`` (docs/kiosk.md)."""

from __future__ import annotations

from bianmin.api.openapi import INTEGER, STRING, Area, errors, obj, ok, ref
from bianmin.api.tickets_openapi import DEVICE_HEADER

DEVICE = obj({
    "id": INTEGER,
    "name": {**STRING, "description": "e.g. kiosk-1, unique within the hall"},
    "kind": {"type": "string", "enum": ["kiosk", "lobby", "window", "rating"]},
    "hall": {**STRING, "description": "the hall's code"},
    "window": {"type": ["integer", "null"], "description": "window screens and rating tablets"},
    "page": {"type": ["string", "null"], "description": "the page this device shows"},
    "message": {**STRING, "description": "in Chinese, when the device has no page yet"},
})

DEVICES = Area(
    tag="devices",
    description="Registered kiosks, screens and rating tablets: enrolment with a one-time "
    "code (`bianmin device add`), then `Authorization: Device <token>` on every request.",
    paths={
        "/devices/enrol": {"post": {
            "summary": "Spend a one-time enrolment code; the answer holds the device's token",
            "description": "The code is 8 digits, valid once within 24 hours. Attempts are "
            "limited per client address (`enrol_limit_address`) and failures in all "
            "(`enrol_limit_failures`): 429 with Retry-After.",
            "operationId": "enrolDevice",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": ref("EnrolRequest")}}},
            "responses": {**ok("Enrolled", ref("Enrolment")), **errors(400, 401, 429)},
        }},
        "/devices/me": {"get": {
            "summary": "The device of the request's token",
            "operationId": "getThisDevice",
            "parameters": [DEVICE_HEADER],
            "responses": {**ok("The device", ref("Device")), **errors(401)},
        }},
    },
    schemas={
        "EnrolRequest": obj({"code": {**STRING, "minLength": 1, "maxLength": 40,
                                      "examples": ["12345678"]}}),
        "Enrolment": obj({"token": {**STRING, "description": "keep it; it is shown once"},
                          "device": ref("Device")}),
        "Device": DEVICE,
    },
)
