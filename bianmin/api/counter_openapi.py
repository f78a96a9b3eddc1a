"""The staff session and counter actions, described for ``/api/v1/openapi.json``."""

from __future__ import annotations

from typing import Any

from bianmin.api.openapi import INTEGER, STRING, STRINGS, Area, Schema, errors, obj, ok, ref
from bianmin.queue.outcomes import OUTCOME_LABELS, Outcome

NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
TIME = {"type": "string", "format": "date-time"}
NULLABLE_INT = {"type": ["integer", "null"]}
WINDOW = {"name": "window", "in": "path", "required": True, "description": "The window's number "
          "in the signed-in staff member's hall; it must be the window they signed in at.",
          "schema": {"type": "integer", "minimum": 1}}
EMPTY_JSON = {"required": False, "description": "No fields; the request must still be sent as "
              "`application/json` (an empty body or `{}`), which keeps other sites out (CSRF).",
              "content": {"application/json": {"schema": {"type": "object"}}}}
STATUSES = ["waiting", "called", "serving", "done", "no_show", "transferred", "cancelled"]


def _body(schema: Schema, description: str) -> dict[str, Any]:
    return {"required": True, "description": description,
            "content": {"application/json": {"schema": schema}}}


def _action(operation_id: str, summary: str, description: str, result: str = "CounterTicket",
            body: dict[str, Any] | None = None, statuses: tuple[int, ...] = (401, 403, 404, 409)
            ) -> dict[str, Any]:
    return {"post": {
        "summary": summary, "description": description, "operationId": operation_id,
        "parameters": [WINDOW], "requestBody": body or EMPTY_JSON,
        "responses": {**ok("The ticket (or window) after the action", ref(result)),
                      **errors(*statuses)},
    }}


SESSION = Area(
    tag="session",
    description="Staff sign-in at a window: a server-side session whose random token is "
                "in a signed, HttpOnly, SameSite=Lax cookie; rate-limited, with a lockout "
                "after repeated failures (429 with Retry-After; docs/counter.md).",
    paths={"/session": {
        "post": {
            "summary": "Sign in at a window",
            "description": "Wrong password and unknown user get the same 401. A window the "
                           "account may not serve gets 403, a window the hall lacks 404.",
            "operationId": "signIn",
            "requestBody": _body(obj({"username": STRING, "password": STRING,
                                      "window": {"type": ["integer", "string"],
                                                 "description": "window number, e.g. 3; "
                                                 "managers may leave it out"}},
                                     optional=("window",)),
                                 "Credentials and the window"),
            "responses": {**ok("Signed in", ref("StaffSession")),
                          **errors(400, 401, 403, 404, 429)},
        },
        "get": {
            "summary": "Who is signed in at which window (extension)",
            "operationId": "getSession",
            "responses": {**ok("The session", ref("StaffSession")), **errors(401, 403, 404)},
        },
        "delete": {
            "summary": "Sign out",
            "operationId": "signOut",
            "responses": ok("Signed out", obj({"signed_in": {"const": False}})),
        },
    }},
    schemas={
        "StaffSession": obj({
            "signed_in": {"const": True},
            "staff": obj({"id": INTEGER, "username": STRING, "display_name": STRING,
                          "windows": {"type": ["array", "null"], "items": INTEGER,
                                      "description": "null: every window of the hall"},
                          "role": {"type": "string", "enum": ["staff", "manager"]}}),
            "hall": obj({"code": STRING, "name": STRING}),
            "window": {"oneOf": [obj({"number": INTEGER, "name": STRING}), {"type": "null"}],
                       "description": "null: a manager signed in without a window"},
        }),
    },
)

COUNTER = Area(
    tag="counter",
    description="Counter actions by the signed-in staff member at their own window "
                "(401 when not signed in, 403 at another window). Each publishes its events "
                "on Socket.IO after the commit.",
    paths={
        "/windows/{window}": {"get": {
            "summary": "The window's day: current ticket, waiting line, counts (extension)",
            "operationId": "getWindow",
            "parameters": [WINDOW],
            "responses": {**ok("What the counter screen shows", ref("WindowToday")),
                          **errors(401, 403, 404)},
        }},
        "/windows/{window}/call-next": _action(
            "callNext", "叫号: call the next ticket",
            "Green channel first, then the longest waiting, among today's tickets of every "
            "queue this window serves. 409 when nobody waits, the window is paused, or it "
            "still has a called or serving ticket."),
        "/windows/{window}/recall": _action("recall", "重呼: call the current ticket again",
                                            "Only while called (not yet serving)."),
        "/windows/{window}/start": _action("startService", "开始办理: called → serving",
                                           "The visitor has arrived."),
        "/windows/{window}/finish": _action(
            "finish", "办结: the visit is over",
            "From serving or called. No outcome means `done`.",
            body=_body(obj({"outcome": {"type": "string", "enum": [
                *[o.value for o in Outcome], *OUTCOME_LABELS.values()],
                "description": "a code or its Chinese label: " + "、".join(
                    f"{o.value} {label}" for o, label in OUTCOME_LABELS.items())}},
                optional=("outcome",)), "The outcome"),
            statuses=(400, 401, 403, 404, 409)),
        "/windows/{window}/no-show": _action("noShow", "过号: the called visitor did not come",
                                             "Only while called."),
        "/windows/{window}/transfer": _action(
            "transfer", "转移 to another queue or one window",
            "The ticket becomes `transferred`; a new waiting ticket in the target queue keeps "
            "the original queue time. Returns the NEW ticket.",
            body=_body({"oneOf": [
                obj({"queue": {"type": ["integer", "string"],
                               "description": "queue id or prefix, e.g. 2 or \"B\""}}),
                obj({"window": {"type": ["integer", "string"], "description": "window number"}}),
            ]}, "Exactly one target"),
            statuses=(400, 401, 403, 404, 409)),
        "/windows/{window}/cancel": _action(
            "cancelTicket", "取消 a waiting ticket of this window's queues (extension)", "",
            body=_body(obj({"ticket": INTEGER}), "The ticket's id"),
            statuses=(400, 401, 403, 404, 409)),
        "/windows/{window}/pause": _action("pause", "暂停服务", "No calls until resumed; the "
                                           "current visitor may still be finished.",
                                           result="CounterWindow"),
        "/windows/{window}/resume": _action("resume", "恢复服务", "", result="CounterWindow"),
    },
    schemas={
        "CounterTicket": obj({
            "id": INTEGER, "number": STRING,
            "status": {"type": "string", "enum": STATUSES}, "status_label": STRING,
            "priority": {"type": "string", "enum": ["normal", "green"]}, "green": {"type": "boolean"},
            "queue": ref("QueueRef"), "windows": {"type": "array", "items": INTEGER},
            "called_window": NULLABLE_INT,
            "for_window": {"type": ["integer", "null"],
                           "description": "transferred to this window only"},
            "transferred_from": {"type": ["string", "null"], "description": "e.g. A012"},
            "scenario": obj({"id": INTEGER, "name": STRING}), "matter": STRING,
            "materials": STRINGS, "notice": STRING, "time_limit": STRING, "role_label": STRING,
            "phone": STRING, "business_day": {"type": "string", "format": "date"},
            "issued_at": TIME, "queued_since": TIME, "called_at": NULLABLE_TIME,
            "started_at": NULLABLE_TIME, "finished_at": NULLABLE_TIME,
            "recall_count": INTEGER, "ahead": INTEGER,
        }),
        "CounterWindow": obj({"number": INTEGER, "name": STRING, "paused": {"type": "boolean"},
                              "paused_at": NULLABLE_TIME, "paused_by": NULLABLE_INT}),
        "WindowToday": obj({
            "window": ref("CounterWindow"),
            "business_day": {"type": "string", "format": "date"},
            "queues": {"type": "array", "items": ref("QueueRef")},
            "current": {"oneOf": [ref("CounterTicket"), {"type": "null"}]},
            "waiting": {"type": "array", "items": obj({
                "id": INTEGER, "number": STRING, "scenario": STRING, "queue_prefix": STRING,
                "queued_since": TIME, "green": {"type": "boolean"},
                "for_this_window": {"type": "boolean"}})},
            "waiting_total": INTEGER,
            "counts": obj({"called": INTEGER, "served": INTEGER, "no_show": INTEGER,
                           "transferred": INTEGER}),
            "outcomes": {"type": "array", "items": obj({"code": STRING, "label": STRING,
                                                         "hint": STRING})},
            "transfer_targets": obj({
                "queues": {"type": "array", "items": ref("QueueRef")},
                "windows": {"type": "array", "items": obj({"number": INTEGER, "name": STRING})},
            }),
        }),
    },
)
