"""The ticket endpoints, described for ``/api/v1/openapi.json`` (docs/tickets.md)."""

from __future__ import annotations

from bianmin.api.openapi import HALL, INTEGER, INTEGERS, STRING, STRINGS, Area, errors, obj, ok, ref

TIME = {"type": "string", "format": "date-time"}
TICKET_ID = {"name": "ticket_id", "in": "path", "required": True, "schema": INTEGER}
DEVICE_HEADER = {"name": "Authorization", "in": "header", "required": False,
                 "description": "`Device <token>`: an enrolled device (docs/kiosk.md)",
                 "schema": {"type": "string", "maxLength": 200}}
TICKET_TOKEN_HEADER = {"name": "X-Ticket-Token", "in": "header", "required": False,
                       "description": "the ticket's `token`", "schema": {"type": "string",
                                                                         "maxLength": 100}}
TICKET_TOKEN_QUERY = {"name": "token", "in": "query", "required": False,
                      "description": "the ticket's `token` (as in its status_url)",
                      "schema": {"type": "string", "maxLength": 100}}
PRINT_STATUSES = ["pending", "printed", "offline", "timeout", "paper_out", "error", "none"]

PRINT_STATUS = obj({
    "job_id": {"type": ["integer", "null"], "description": "null: no printer attached"},
    "status": {"type": "string", "enum": PRINT_STATUSES},
    "message": {**STRING, "description": "what the kiosk tells the visitor, in Chinese"},
    "attempt": INTEGER,
    "error": {**STRING, "description": "the printer fault in Chinese, for staff"},
}, optional=("error",))

PRINT_ATTEMPT = obj({
    "job_id": INTEGER, "attempt": INTEGER,
    "status": {"type": "string", "enum": PRINT_STATUSES[:-1]},
    "error": STRING, "device": {**STRING, "description": "printer URL without credentials"},
    "requested_by": {"type": ["integer", "null"], "description": "staff id of a reprint"},
    "created_at": TIME, "finished_at": {"type": ["string", "null"], "format": "date-time"},
})

TICKET = obj({
    "id": INTEGER,
    "number": {**STRING, "description": "queue prefix and at least three digits, e.g. A012"},
    "hall": STRING,
    "status": {"type": "string", "enum": ["waiting", "called", "serving", "done", "no_show",
                                          "transferred", "cancelled", "held"]},
    "priority": {"type": "string", "enum": ["normal", "green"]},
    "queue": obj({"id": INTEGER, "name": STRING, "prefix": STRING}),
    "windows": {**INTEGERS, "description": "window numbers serving the ticket's queue"},
    "window_details": {"type": "array", "items": obj({"number": INTEGER, "name": STRING})},
    "called_window": {"type": ["integer", "null"], "description": "the window that called it"},
    "ahead": {**INTEGER, "description": "waiting tickets called before this one"},
    "scenario": obj({"id": INTEGER, "name": STRING}),
    "materials": {**STRINGS, "description": "the complete checklist (一次性告知), in order"},
    "notice": STRING,
    "time_limit": {**STRING, "description": "short display text, e.g. 承诺5个工作日"},
    "role_label": STRING,
    "phone": STRING,
    "business_day": {"type": "string", "format": "date"},
    "issued_at": TIME,
    "token": {**STRING, "description": "the ticket's signed token: send it as X-Ticket-Token "
              "(or ?token=) to read the ticket again"},
    "status_url": {**STRING, "description": "the status page behind the ticket's QR code"},
    "qr_svg_url": {**STRING, "description": "that page's QR code as SVG"},
    "print": ref("PrintStatus"),
})

TICKETS = Area(
    tag="tickets",
    description="Take a number at a kiosk (idempotent on `request_id`), see where a ticket "
    "stands, and, for staff, reprint it.",
    paths={
        "/halls/{hall}/tickets": {"post": {
            "summary": "Issue a ticket for a scenario",
            "description": "201 for a new ticket; a repeated `request_id` returns the same "
            "ticket with 200. Printing starts after the commit; `print.status` is then "
            "`pending` — poll GET /tickets/{ticket_id} with the answer's `token`. "
            "Outside open mode (the demo hall, or `open_kiosks`) only an enrolled kiosk of "
            "the hall (`Authorization: Device <token>`; at most `kiosk_ticket_limit` tickets, "
            "then 429) or a signed-in member of the hall's staff may issue; the ticket prints "
            "on the kiosk's own printer, whatever `kiosk` says.",
            "operationId": "takeTicket",
            "parameters": [HALL, DEVICE_HEADER],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": ref("TicketRequest")}}},
            "responses": {
                "201": {"description": "A new ticket",
                        "content": {"application/json": {"schema": ref("Ticket")}}},
                **ok("The ticket this request_id was given before", ref("Ticket")),
                **errors(400, 401, 403, 404, 409, 429, 503),
            },
        }},
        "/tickets/{ticket_id}": {"get": {
            "summary": "A ticket and where it stands now (people ahead, status, printing)",
            "description": "Only with the ticket's token (header X-Ticket-Token or query "
            "`token`), for staff signed in at its hall, or for the kiosk that issued it "
            "(`Authorization: Device <token>`); anyone else gets 401.",
            "operationId": "getTicket",
            "parameters": [TICKET_ID, TICKET_TOKEN_HEADER, TICKET_TOKEN_QUERY, DEVICE_HEADER],
            "responses": {**ok("The ticket", ref("Ticket")), **errors(401, 404)},
        }},
        "/tickets/{ticket_id}/reprint": {"post": {
            "summary": "Print the ticket again (staff signed in at any window of its hall)",
            "operationId": "reprintTicket",
            "parameters": [TICKET_ID],
            "requestBody": {"required": False, "content": {"application/json": {
                "schema": obj({"kiosk": {**STRING, "description": "print on this registered "
                                         "kiosk's printer (default: the issuing kiosk's)"}},
                              optional=("kiosk",))}}},
            "responses": {**ok("The new job's status and every attempt", ref("Reprint")),
                          **errors(400, 401, 403, 404, 409)},
        }},
        "/tickets/{ticket_id}/print-jobs": {"get": {
            "summary": "Every print attempt of a ticket (staff)",
            "operationId": "listPrintJobs",
            "parameters": [TICKET_ID],
            "responses": {**ok("The attempts, oldest first", ref("PrintHistory")),
                          **errors(401, 403, 404)},
        }},
    },
    schemas={
        "TicketRequest": obj({
            "scenario_id": INTEGER,
            "priority": {"type": "string", "enum": ["normal", "green"], "default": "normal"},
            "request_id": {**STRING, "minLength": 1, "maxLength": 100,
                           "description": "chosen by the kiosk, once per press of 取号"},
            "kiosk": {**STRING, "maxLength": 100,
                      "description": "a label for the ticket log in open mode; never chooses a "
                      "printer (an enrolled kiosk's tickets carry the device's name)"},
        }, optional=("priority", "request_id", "kiosk")),
        "Ticket": TICKET,
        "PrintStatus": PRINT_STATUS,
        "PrintAttempt": PRINT_ATTEMPT,
        "Reprint": obj({"ticket_id": INTEGER, "print": ref("PrintStatus"),
                        "history": {"type": "array", "items": ref("PrintAttempt")}}),
        "PrintHistory": obj({"ticket_id": INTEGER,
                             "history": {"type": "array", "items": ref("PrintAttempt")}}),
    },
)
