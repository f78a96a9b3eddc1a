"""Screen pages: one server-rendered shell per screen, drawn at once from the snapshot.

The snapshot is embedded in the page, so a screen shows the hall's state before its
Socket.IO connection is up (or while it is down); the JS then follows events live.
"""

from __future__ import annotations

from flask import render_template, url_for

from bianmin.display import blueprint
from bianmin.queue.snapshot import HallSnapshot, find_window
from bianmin.realtime import hall_snapshot
from bianmin.web.publish import snapshot_payload
from bianmin.web.runtime import runtime


def _config(snapshot: HallSnapshot, window: int | None) -> dict:
    return {
        "hall": snapshot.hall_code,
        "window": window,
        "snapshot": snapshot_payload(snapshot),
        "socketio": url_for("static", filename="vendor/socket.io/socket.io.min.js"),
        # the lobby fetches <audio><number>/<window>.wav for each call (bianmin/api/voice.py);
        # the hall's API prefix comes from url_for, so a server mounted under a path works
        "announce": {
            "repeat": runtime().settings.announce_repeat,
            "audio": url_for("api.show_snapshot", hall=snapshot.hall_code).removesuffix("snapshot")
            + "announcements/",
        },
    }


@blueprint.get("/")
def lobby_default() -> str:
    """The lobby screen of the hall this installation shows when none is named."""
    return lobby(runtime().settings.default_hall)


@blueprint.get("/<hall>/lobby")
def lobby(hall: str) -> str:
    """The lobby screen (1920×1080): latest call, recent calls, waiting counts, notices."""
    snapshot = hall_snapshot(hall_code=hall)
    return render_template("display/lobby.html", snap=snapshot, config=_config(snapshot, None))


@blueprint.get("/window/<int:number>")
def window_default(number: int) -> str:
    """The screen above window ``number`` of the default hall."""
    return window(runtime().settings.default_hall, number)


@blueprint.get("/<hall>/window/<int:number>")
def window(hall: str, number: int) -> str:
    """The screen above one window: its number and name, the current ticket, 暂停服务."""
    snapshot = hall_snapshot(hall_code=hall)
    state = find_window(snapshot, number)
    config = _config(snapshot, number)
    # the 工作牌: who is on duty here (name, 工号, photo), asked again on window.on_duty
    config["on_duty_url"] = url_for("api.window_on_duty", hall=snapshot.hall_code, window=number)
    return render_template("display/window.html", snap=snapshot, window=state, config=config)
