"""The enrolment page (/enrol): a new kiosk or screen types its one-time code here."""

from flask import Blueprint

blueprint = Blueprint(
    "enrol", __name__, url_prefix="/enrol", template_folder="templates", static_folder="static"
)

from bianmin.enrol import views  # noqa: E402,F401
