"""The window's rating tablet (/rate/<window>): the visitor rates the service just finished."""

from flask import Blueprint

blueprint = Blueprint(
    "rate", __name__, url_prefix="/rate", template_folder="templates", static_folder="static",
)

from bianmin.rate import views  # noqa: E402,F401  (registers the routes)
