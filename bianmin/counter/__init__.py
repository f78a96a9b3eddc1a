"""The window staff's terminal: sign in at a window, call and serve visitors."""

from flask import Blueprint

blueprint = Blueprint(
    "counter", __name__, url_prefix="/counter", template_folder="templates",
    static_folder="static",
)

from bianmin.counter import views  # noqa: E402,F401  (registers the routes)
