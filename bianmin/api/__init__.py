"""The JSON API (``/api/v1``) that kiosks, screens and other systems rely on (docs/api.md)."""

from flask import Blueprint

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")

from bianmin.api import catalog, tickets  # noqa: E402,F401  (registers the routes)
from bianmin.api import snapshot  # noqa: E402,F401  (GET …/snapshot, docs/realtime.md)
from bianmin.api import counter, session  # noqa: E402,F401  (staff sign-in and counter actions)
from bianmin.api import openapi  # noqa: E402,F401  (GET /openapi.json, docs/api.md)
