"""Kiosk pages: every kiosk URL serves one server-rendered shell; small JS modules draw it.

The shell carries what the page cannot fetch by itself before it draws anything: the hall's
name (so the screen is never blank), the idle and ticket timeouts from the settings, and
where the JSON API lives. Catalog, search and tickets come from ``/api/v1``.
"""

from __future__ import annotations

from flask import Flask, redirect, render_template, url_for
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers import Response

from bianmin.catalog.queries import get_hall
from bianmin.kiosk import blueprint
from bianmin.web.devices import hall_is_open
from bianmin.web.runtime import runtime

# the public JSON API (docs/api.md); the contract keeps this path stable
API_BASE = "/api/v1"

# the screens the JS router knows; a reload or a deep link lands on the same shell
SCREENS = (
    "/<hall>/",
    "/<hall>/domain/<domain>",
    "/<hall>/windows",
    "/<hall>/queue/<int:queue_id>",
    "/<hall>/scenario/<int:scenario_id>",
    "/<hall>/ticket/<int:ticket_id>",
    "/<hall>/requeue",
)


@blueprint.get("/")
def default_hall() -> Response:
    """The kiosk of the hall this installation shows when none is named."""
    return redirect(url_for("kiosk.screen", hall=runtime().settings.default_hall))


def screen(hall: str, **_ids: object) -> str:
    """The kiosk shell for one hall; unknown halls get the Chinese 404 page."""
    settings = runtime().settings
    with runtime().db.read() as session:
        found = get_hall(session, hall)
    config = {
        "hall": {"code": found.code, "name": found.name, "complaint_phone": found.complaint_phone,
                 "opening_hours": found.opening_hours},
        # seconds between the kiosk's questions "may I issue now?" (hours: the closed screen)
        "issuing_poll_seconds": 60,
        "idle_seconds": settings.kiosk_idle_seconds,
        "ticket_seconds": settings.kiosk_ticket_seconds,
        "api": API_BASE,
        "base": url_for("kiosk.screen", hall=found.code).rstrip("/"),
        # outside open mode only an enrolled kiosk may issue: say so before a visitor tries
        "device_required": not hall_is_open(settings, found.code),
        "enrol": url_for("enrol.page"),
        # catalog.changed: a manager's change reaches the open kiosk at once (docs/kiosk.md)
        "socketio": url_for("static", filename="vendor/socket.io/socket.io.min.js"),
    }
    return render_template("kiosk/kiosk.html", hall=found, config=config)


for _rule in SCREENS:
    blueprint.add_url_rule(_rule, "screen", screen, methods=["GET"])


@blueprint.record_once
def _root_redirect(state: BlueprintSetupState) -> None:
    """``/`` opens the default hall's kiosk, the embedded deployment's front door."""
    app: Flask = state.app
    app.add_url_rule("/", "root", default_hall)
