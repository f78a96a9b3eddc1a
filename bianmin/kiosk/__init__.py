"""The visitor's touch screen: find a matter, see what to bring, take a ticket."""

from flask import Blueprint

blueprint = Blueprint(
    "kiosk", __name__, url_prefix="/kiosk", template_folder="templates", static_folder="static"
)

from bianmin.kiosk import views  # noqa: E402,F401  (registers the routes)
