"""The rating tablet page: a server-rendered shell with every state's markup, drawn by JS.

The page carries what it needs in a JSON block (levels, reasons, phrases, the input
method's words, the timeout); the JS wakes it on ``ticket.finished`` of its window.
"""

from __future__ import annotations

from flask import render_template, url_for

from bianmin.queue.snapshot import find_window
from bianmin.rate import blueprint
from bianmin.rate.ime import vocabulary_json
from bianmin.rate.words import PHRASES, levels_json, reasons_json
from bianmin.ratings.levels import MAX_PHONE, MAX_REMARK
from bianmin.realtime import hall_snapshot
from bianmin.web.runtime import runtime


@blueprint.get("/<int:number>")
def tablet_default(number: int) -> str:
    """The rating tablet of window ``number`` of the default hall."""
    return tablet(runtime().settings.default_hall, number)


@blueprint.get("/<hall>/<int:number>")
def tablet(hall: str, number: int) -> str:
    """The tablet facing the visitor at one window: idle, asking, reasons, thanks."""
    snapshot = hall_snapshot(hall_code=hall)
    window = find_window(snapshot, number)
    levels = levels_json()
    config = {
        "hall": snapshot.hall_code,
        "window": number,
        "timeout_seconds": runtime().settings.rating_tablet_timeout_seconds,
        "levels": levels,
        "reasons": reasons_json(),
        "phrases": list(PHRASES),
        "remark_max": MAX_REMARK,
        "phone_max": MAX_PHONE,
        "words": vocabulary_json(),
        "on_duty_url": url_for("api.window_on_duty", hall=snapshot.hall_code, window=number),
        "socketio": url_for("static", filename="vendor/socket.io/socket.io.min.js"),
    }
    return render_template("rate/tablet.html", snap=snapshot, window=window, levels=levels,
                           reasons=config["reasons"], config=config)
