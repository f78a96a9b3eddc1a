"""``GET /enrol``: one page with a big keypad; the JS posts the code to the API."""

from __future__ import annotations

from flask import render_template, url_for

from bianmin.enrol import blueprint


@blueprint.get("/")
def page() -> str:
    """Type the 8-digit code `bianmin device add` printed; the device then opens its page."""
    config = {"api": url_for("api.enrol_device"), "me": url_for("api.this_device")}
    return render_template("enrol/enrol.html", config=config)
