"""``/manage/``: the hall managers' pages (sign-in, 差评回访, 评价记录); a nav meant to grow."""

from flask import Blueprint

blueprint = Blueprint(
    "manage", __name__, url_prefix="/manage", template_folder="templates",
    static_folder="static",
)

from bianmin.manage import reports, views  # noqa: E402,F401  (registers the routes)
