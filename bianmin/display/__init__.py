"""Lobby and per-window screens: they draw the hall snapshot and follow it live."""

from flask import Blueprint

blueprint = Blueprint(
    "display", __name__, url_prefix="/display", template_folder="templates",
    static_folder="static",
)

from bianmin.display import views  # noqa: E402,F401  (registers the routes)
