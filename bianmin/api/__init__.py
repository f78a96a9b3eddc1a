"""The JSON API (``/api/v1``) that kiosks, screens and other systems rely on (docs/api.md).

Importing the modules below registers their routes on ``blueprint``: the catalog and
search, tickets, staff sign-in and counter actions, the hall snapshot, spoken announcements and voice clips, and the OpenAPI
document (GET /api/v1/openapi.json).
"""

from flask import Blueprint

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")

from bianmin.api import (  # noqa: E402,F401
    admin_catalog,
    admin_devices,
    audit,
    catalog,
    counter,
    dashboard,
    devices,
    guide_desk,
    hall_settings,
    misses,
    notices,
    on_duty,
    openapi,
    ratings,
    requeue,
    session,
    snapshot,
    staff_admin,
    stats,
    stats_halls,
    tickets,
    voice,
)
