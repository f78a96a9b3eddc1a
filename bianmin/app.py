"""create_app(): the one place where settings, database, blueprints and Socket.IO meet."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask
from sqlalchemy import text

from bianmin import migrate
from bianmin.db import Database
from bianmin.realtime import init_realtime
from bianmin.settings import Settings, ensure_secret_key, load_settings
from bianmin.web import errors, headers
from bianmin.web.limits import make_limits
from bianmin.web.runtime import Runtime
from bianmin.web.signin import PasswordChecks

log = logging.getLogger(__name__)


def create_app(settings: Settings | Mapping[str, Any] | None = None) -> Flask:
    if not isinstance(settings, Settings):
        settings = load_settings(settings)
    settings.instance.mkdir(parents=True, exist_ok=True)

    app = Flask(__name__, instance_path=str(settings.instance))
    app.config.update(
        SECRET_KEY=ensure_secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # behind https the session token never travels in clear text
        SESSION_COOKIE_SECURE=settings.public_url.lower().startswith("https://"),
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    # Chinese stays readable in every JSON answer
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    db = Database(settings.resolved_database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms,
                  synchronous=settings.sqlite_synchronous)
    if settings.auto_migrate:
        migrate.upgrade(db)
    print_worker = None
    if settings.auto_migrate or migrate.is_current(db):
        # this process owns the print jobs it starts; jobs of a process that is gone (a
        # restart, a kill, a power cut) are failed now, so that staff can reprint them
        from bianmin.web.print_worker import open_print_worker

        print_worker = open_print_worker(db, settings)
    if settings.load_demo:
        from bianmin.catalog.demo import ensure_demo_hall

        ensure_demo_hall(db)

    if settings.kiosk_printers:
        # retired: a request could pick any kiosk's printer by name (docs/printing.md)
        log.warning("the kiosk_printers setting is ignored: register each kiosk with its "
                    "printer instead (bianmin device add NAME --kind kiosk --printer URL)")
    app.extensions["bianmin"] = Runtime(settings=settings, db=db, limits=make_limits(settings))
    app.extensions["bianmin"].parts["print_worker"] = print_worker
    # sign-in's password checks: off the event loop, a bounded number at a time
    app.extensions["bianmin"].parts["password_checks"] = PasswordChecks(
        settings.async_mode, settings.signin_checks_at_once
    )
    errors.register(app)
    headers.register(app)

    @app.get("/healthz")
    def healthz():  # type: ignore[no-untyped-def]
        """Liveness for supervisors and tests: the database answers."""
        with db.read() as session:
            session.execute(text("SELECT 1"))
        return {"ok": True}

    _register_blueprints(app)
    init_realtime(app, settings)
    return app


def _register_blueprints(app: Flask) -> None:
    from bianmin.api import blueprint as api
    from bianmin.counter import blueprint as counter
    from bianmin.display import blueprint as display
    from bianmin.enrol import blueprint as enrol
    from bianmin.guide_desk import blueprint as guide
    from bianmin.kiosk import blueprint as kiosk
    from bianmin.manage import blueprint as manage
    from bianmin.rate import blueprint as rate
    from bianmin.web.status import blueprint as ticket_status

    app.register_blueprint(api)
    app.register_blueprint(counter)
    app.register_blueprint(display)
    app.register_blueprint(enrol)
    app.register_blueprint(guide)
    app.register_blueprint(kiosk)
    app.register_blueprint(manage)
    app.register_blueprint(rate)
    app.register_blueprint(ticket_status)
