"""The guide desk (咨询导办台) at the hall's entrance: staff search the catalog, take a
number for a visitor (帮办代办) and count the questions answered without one (导办咨询)."""

from flask import Blueprint

blueprint = Blueprint(
    "guide_desk", __name__, url_prefix="/guide", template_folder="templates", static_folder="static",
)

from bianmin.guide_desk import views  # noqa: E402,F401  (registers the routes)
