"""The hall snapshot, described for ``/api/v1/openapi.json`` (Socket.IO: docs/realtime.md)."""

from __future__ import annotations

from bianmin.api.openapi import HALL, INTEGER, INTEGERS, STRING, Area, errors, obj, ok, ref

TIME = {"type": "string", "format": "date-time"}

CALL = obj({
    "ticket_id": INTEGER,
    "number": {**STRING, "description": "e.g. A012"},
    "status": {"type": "string", "enum": ["called", "serving", "done", "no_show", "transferred",
                                          "cancelled", "waiting", "held"]},
    "queue_id": INTEGER,
    "window": {**INTEGER, "description": "the window's number"},
    "window_id": INTEGER,
    "window_name": STRING,
    "recall": {"type": "boolean", "description": "called again (重呼)"},
    "recall_count": INTEGER,
    "at": {**TIME, "description": "when it was (last) called"},
})

SNAPSHOT = Area(
    tag="snapshot",
    description="What the lobby, window and counter screens show, with the hall's event "
    "`version`; the Socket.IO `snapshot` message carries the same body.",
    paths={"/halls/{hall}/snapshot": {"get": {
        "summary": "The hall's current calls, recent calls, waiting counts and paused windows",
        "description": "Read in one transaction, so that every count agrees with `version`. "
        "Every Socket.IO event carries the hall's next version: a client that sees a gap "
        "asks for a new snapshot.",
        "operationId": "getHallSnapshot",
        "parameters": [HALL, {"name": "Authorization", "in": "header", "required": False,
                              "description": "`Device <token>`: outside open mode, an enrolled "
                              "device of the hall (or its signed-in staff)",
                              "schema": {"type": "string", "maxLength": 200}}],
        "responses": {**ok("The snapshot", ref("HallSnapshot")), **errors(401, 403, 404, 503)},
    }}},
    schemas={
        "SnapshotCall": CALL,
        "HallSnapshot": obj({
            "version": {**INTEGER, "description": "grows by one per event of this hall"},
            "hall": obj({"id": INTEGER, "code": STRING, "name": STRING, "timezone": STRING,
                         "complaint_phone": STRING, "notice": STRING}),
            "business_day": {"type": "string", "format": "date"},
            "at": {**TIME, "description": "when it was read"},
            "current": {"type": "array", "items": ref("SnapshotCall"),
                        "description": "the ticket at each window now, by window number"},
            "recent": {"type": "array", "items": ref("SnapshotCall"),
                       "description": "the latest calls and recalls, newest first, one per ticket"},
            "queues": {"type": "array", "items": obj({
                "id": INTEGER, "name": STRING, "prefix": STRING, "domain": STRING,
                "windows": INTEGERS, "waiting": INTEGER})},
            "waiting": {"type": "object", "additionalProperties": INTEGER,
                        "description": "waiting tickets per queue id (as `queue.changed` sends)"},
            "paused": {"type": "array", "items": obj({
                "window": INTEGER, "window_id": INTEGER, "window_name": STRING})},
            "windows": {"type": "array", "items": obj({
                "id": INTEGER, "number": INTEGER, "name": STRING, "paused": {"type": "boolean"}})},
        }),
    },
)
