"""How a request says who it is, for the OpenAPI document (``components.securitySchemes``).

A person is a staff session (the ``session`` cookie, ``POST /api/v1/session``); a kiosk, a
screen or a tablet is a device (``Authorization: Device <token>``, docs/security.md); a
visitor holds the token of their own ticket (``X-Ticket-Token``). Operations name the
ones they accept in their descriptions; the checks themselves are in
``bianmin.api.access``, ``bianmin.api.session`` and ``bianmin.web.devices``.

The schemes are documented for integrators; operations describe in words which they accept
rather than in ``security`` lists: most accept several (a device, staff, or none in open
mode), which OpenAPI's security requirements cannot state without claiming that a request
without any is refused.
"""

from __future__ import annotations

SCHEMES = {
    "staffSession": {"type": "apiKey", "in": "cookie", "name": "session",
                     "description": "A staff session from POST /api/v1/session"},
    "device": {"type": "apiKey", "in": "header", "name": "Authorization",
               "description": "`Device <token>` of an enrolled kiosk, screen or tablet "
                              "(POST /api/v1/devices/enrol)"},
    "ticketToken": {"type": "apiKey", "in": "header", "name": "X-Ticket-Token",
                    "description": "The ticket's own `token` (also accepted as `?token=`)"},
}
