"""``bianmin serve``: one server process, under eventlet (default) or threads."""

from __future__ import annotations

import gc
import logging
import signal
import sys
import warnings

from bianmin.settings import Settings


def serve(settings: Settings) -> int:
    if settings.async_mode == "eventlet":
        with warnings.catch_warnings():
            # eventlet 0.41 says on import that it is in bug-fix-only mode (docs/realtime.md)
            warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
            import eventlet

        # before anything opens a socket or a thread
        eventlet.monkey_patch()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Alembic's per-plugin start-up lines say nothing an operator needs
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from bianmin.app import create_app
    from bianmin.backup.premigrate import backup_before_auto_migrate
    from bianmin.backup.running import hold_serve_lock
    from bianmin.realtime import socketio_of
    from bianmin.web.backup_schedule import start_backup_schedule
    from bianmin.web.clock_watch import start_clock_check
    from bianmin.web.day_close import start_day_close
    from bianmin.web.errors import REQUEST_LINE_LIMIT
    from bianmin.web.hold_expiry import start_hold_expiry
    from bianmin.web.presence import start_presence
    from bianmin.web.print_worker import start_heartbeat, stop_print_worker
    from bianmin.web.stats_rollup import start_rollup

    # held until the process ends: `bianmin restore` refuses while it is (bianmin/backup/running.py)
    serve_lock = hold_serve_lock(settings.instance)  # noqa: F841 - kept open on purpose
    # a database of an older release is copied before create_app migrates it
    backup_before_auto_migrate(settings)
    app = create_app(settings)
    socketio = socketio_of(app)
    start_heartbeat(app)
    start_presence(app)
    # the database's clock against ours: a warning in the log when they differ
    start_clock_check(app)
    # closed business days into the reports' roll-up: at start, then periodically
    start_rollup(app)
    # each hall's left-over tickets closed as unserved at its closing and at midnight
    start_day_close(app)
    # 挂起 holds past their hall's limit become 过号 even when no window calls
    start_hold_expiry(app)
    # the daily backup at backup_time (off when empty)
    start_backup_schedule(app)
    # a supervisor's SIGTERM is a clean stop: leave the loop, retire this print worker
    signal.signal(signal.SIGTERM, _exit_on_term)
    # the catalog, search indexes and modules loaded at start live as long as the process: a
    # full garbage collection would walk them all (~0.2 s, a pause every kiosk would feel)
    gc.freeze()
    print(
        f"bianmin: serving on http://{settings.host}:{settings.port}/ "
        f"({settings.async_mode}, {settings.resolved_database_url})",
        file=sys.stderr,
        flush=True,
    )
    # stdout: the addresses of the hall's screens (and the demo hall's accounts)
    print(start_banner(app, settings), flush=True)
    kwargs = {"host": settings.host, "port": settings.port, "log_output": False}
    if settings.async_mode == "threading":
        kwargs["allow_unsafe_werkzeug"] = True
    else:
        # eventlet answers longer request lines itself, with an empty 414; below this the
        # app answers 414 with a Chinese JSON body (bianmin.web.errors.MAX_URL)
        kwargs["url_length_limit"] = REQUEST_LINE_LIMIT
    try:
        socketio.run(app, **kwargs)
    except KeyboardInterrupt:
        pass
    finally:
        stop_print_worker(app)
    return 0


def start_banner(app, settings: Settings) -> str:  # type: ignore[no-untyped-def]
    """The addresses of the default hall's screens; on the demo hall also its accounts."""
    from sqlalchemy import func, select

    from bianmin.catalog.models import Hall, Window
    from bianmin.staff.demo import ensure_demo_accounts
    from bianmin.web.banner import HallScreens, lan_address, render_banner
    from bianmin.web.runtime import Runtime

    runtime: Runtime = app.extensions["bianmin"]
    db = runtime.db
    with db.read() as session:
        hall = session.scalar(select(Hall).where(Hall.code == settings.default_hall))
        screens = None
        if hall is not None:
            first = session.scalar(select(func.min(Window.number)).where(Window.hall_id == hall.id))
            manage = any(rule.rule.startswith("/manage") for rule in app.url_map.iter_rules())
            screens = HallScreens(hall.code, hall.name, first, manage)
    accounts = ensure_demo_accounts(settings, db)
    return render_banner(settings.host, settings.port, screens, accounts, settings.instance,
                         lan_address())


def _exit_on_term(_signum: int, _frame: object) -> None:
    raise SystemExit(0)
