"""The JSON API (``/api/v1``) that kiosks, screens and other systems rely on (docs/api.md)."""

from flask import Blueprint

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")

from bianmin.api import (  # noqa: E402,F401  (registers the routes)  # noqa: E402,F401  (staff sign-in and counter actions)
    catalog,
    counter,
    openapi,  # noqa: E402,F401  (GET /openapi.json, docs/api.md)
    session,
    snapshot,  # noqa: E402,F401  (GET …/snapshot, docs/realtime.md)
    tickets,
)
