"""The ``bianmin`` command. Kept free of heavy imports so eventlet can patch first."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bianmin", description="便民服务中心 取号叫号系统")
    parser.add_argument(
        "--instance",
        help="instance folder (database, secret key, print previews); "
        "default $BIANMIN_INSTANCE or ./instance",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the hall's server")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--async-mode", choices=["eventlet", "threading"])
    _instance_option(serve)

    catalog = commands.add_parser("catalog", help="check or import a catalog file")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", required=True)
    check = catalog_commands.add_parser(
        "check", help="parse and report, writing nothing",
        description="Report every error and anomaly of the file in one run, in line order.",
        epilog="exit status: 0 clean; 1 anomalies only (the file can be imported; look at "
        "them); 2 errors (the file cannot be imported as it is, or cannot be read)",
    )
    check.add_argument("file", nargs="?", help="the catalog file (tab-separated text)")
    check.add_argument("--demo", action="store_true",
                       help="the demo catalog shipped in the package instead of FILE")
    check.add_argument("--json", action="store_true",
                       help="one JSON object on stdout; its `problems` list every error and "
                       "anomaly in line order (line, severity, code, message)")
    _instance_option(check)
    load = catalog_commands.add_parser(
        "import", help="check, then load into a hall",
        epilog="exit status: 0 loaded (anomalies are reported, not failures); 2 nothing "
        "written: the file has errors (all are listed) or cannot be read, or the hall or "
        "database refused",
    )
    load.add_argument("file", nargs="?", help="the catalog file (tab-separated text)")
    load.add_argument("--demo", action="store_true",
                      help="rebuild the demo hall from the demo catalog shipped in the package "
                      "(instead of FILE; the hall is demo)")
    load.add_argument("--hall", help="hall code (default: the default hall)")
    load.add_argument("--name", help="the hall's name, if the hall is new")
    load.add_argument("--profile", help="hall profile (TOML: queue domains, window names); "
                      "default <instance>/halls/CODE.toml, or the packaged one for demo")
    _instance_option(load)
    misses = catalog_commands.add_parser(
        "misses", help="what visitors searched for at the kiosk and did not find")
    misses.add_argument("--hall", help="hall code (default: the default hall)")
    misses.add_argument("--days", type=int, default=30, help="the last N business days (30)")
    misses.add_argument("--json", action="store_true", help="one JSON object on stdout")
    _instance_option(misses)

    hall = commands.add_parser("hall", help="manage halls")
    hall_commands = hall.add_subparsers(dest="hall_command", required=True)
    hall_add = hall_commands.add_parser("add", help="create a hall")
    hall_add.add_argument("code")
    hall_add.add_argument("--name", required=True)
    hall_add.add_argument("--timezone", default="Asia/Shanghai")
    hall_add.add_argument("--complaint-phone", default="12345")
    _instance_option(hall_add)

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    _instance_option(db_commands.add_parser("upgrade", help="migrate to the current schema"))

    _add_backup_commands(commands)

    staff = commands.add_parser("staff", help="counter staff accounts")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    staff_add = staff_commands.add_parser("add", help="create a staff account")
    staff_add.add_argument("username")
    staff_add.add_argument("--password", required=True, help="the password, or - to read a line from stdin")
    staff_add.add_argument("--hall", help="hall code (default: the default hall)")
    staff_add.add_argument("--windows", help="window numbers this account may serve, e.g. 3,24 "
                           "(default: every window of the hall)")
    staff_add.add_argument("--name", default="", help="display name, e.g. 张三")
    staff_add.add_argument("--replace", action="store_true",
                           help="reset the password, name and windows of an existing account "
                           "(ends its sessions, lifts a sign-in lockout)")
    staff_add.add_argument("--role", choices=["staff", "manager", "county"],
                           help="staff (default for a new account), manager (may sign in "
                           "without a window) or county (a manager who also reads every "
                           "hall's reports); with --replace the role is kept unless given")
    staff_add.add_argument("--employee-no", dest="employee_no",
                           help="工号 shown on the window's rating tablet, e.g. 0071")
    _instance_option(staff_add)
    staff_photo = staff_commands.add_parser(
        "photo", help="the photo the window's rating tablet shows (JPEG or PNG, at most 1 MB)")
    staff_photo.add_argument("username")
    staff_photo.add_argument("file")
    _instance_option(staff_photo)
    staff_list = staff_commands.add_parser("list", help="accounts, roles, windows, live sessions")
    staff_list.add_argument("--hall", help="only this hall's accounts")
    _instance_option(staff_list)
    for name, text in (("disable", "disable an account and end its sessions"),
                       ("enable", "enable an account again (also lifts a sign-in lockout)"),
                       ("sign-out", "end every session of an account")):
        staff_one = staff_commands.add_parser(name, help=text)
        staff_one.add_argument("username")
        _instance_option(staff_one)
    staff_sessions = staff_commands.add_parser("sessions", help="live sessions (of one account)")
    staff_sessions.add_argument("username", nargs="?")
    _instance_option(staff_sessions)

    printer = commands.add_parser("printer", help="printers")
    printer_commands = printer.add_subparsers(dest="printer_command", required=True)
    printer_test = printer_commands.add_parser("test", help="print a sample ticket")
    printer_test.add_argument("device", help="tcp://HOST:9100, usb://VID:PID, serial://…, "
                              "file://…, preview://DIR; ?mode=raster, ?paper=58")
    _instance_option(printer_test)

    _add_device_commands(commands)
    _add_launcher_command(commands)

    stats = commands.add_parser("stats", help="reports: the daily roll-up")
    stats_commands = stats.add_subparsers(dest="stats_command", required=True)
    stats_rollup = stats_commands.add_parser(
        "rollup", help="freeze closed business days (names as they are now) for fast reports",
        description="Writes the ticket_fact rows of every closed business day not rolled up "
        "yet (bianmin serve does this by itself; docs/statistics.md). Idempotent.")
    stats_rollup.add_argument("--hall", action="append", default=[], help="only this hall (repeatable)")
    stats_rollup.add_argument("--from", dest="first", help="first business day YYYY-MM-DD")
    stats_rollup.add_argument("--to", dest="last", help="last business day YYYY-MM-DD")
    stats_rollup.add_argument("--again", action="store_true",
                              help="rewrite days already rolled up (their names become today's)")
    _instance_option(stats_rollup)

    day = commands.add_parser("day", help="the business day: close it")
    day_commands = day.add_subparsers(dest="day_command", required=True)
    day_close = day_commands.add_parser(
        "close", help="close today's left-over tickets as unserved (未办理)",
        description="Tickets still waiting or called (not being served) of today and earlier "
        "days are closed as unserved, recorded and counted (docs/counter.md: end of the day). "
        "bianmin serve does this by itself at each hall's closing and at midnight.")
    day_close.add_argument("--hall", action="append", default=[], help="only this hall (repeatable)")
    _instance_option(day_close)
    return parser


def _add_device_commands(commands) -> None:  # type: ignore[no-untyped-def]
    """``bianmin device add|list|revoke|code`` (docs/kiosk.md: enrolling a device)."""
    device = commands.add_parser("device", help="kiosks, screens and rating tablets")
    device_commands = device.add_subparsers(dest="device_command", required=True)
    device_add = device_commands.add_parser("add", help="register a device; prints its one-time code")
    device_add.add_argument("name", help="e.g. kiosk-1, unique within the hall")
    device_add.add_argument("--kind", required=True, choices=["kiosk", "lobby", "window", "rating"])
    device_add.add_argument("--hall", help="hall code (default: the default hall)")
    device_add.add_argument("--window", type=int, help="the window of a window screen or rating tablet")
    device_add.add_argument("--printer", default="", help="a kiosk's printer URL (default: the printer setting)")
    _instance_option(device_add)
    device_list = device_commands.add_parser("list", help="every device, its state and last contact")
    device_list.add_argument("--hall", help="only this hall")
    _instance_option(device_list)
    for name, text in (("revoke", "stop a device's token and code at once"),
                       ("code", "a fresh one-time code (re-enrol a device)")):
        sub = device_commands.add_parser(name, help=text)
        sub.add_argument("name")
        sub.add_argument("--hall", help="hall code (default: the default hall)")
        _instance_option(sub)

    voice = commands.add_parser("voice", help="the lobby's spoken announcements (a hall's own recordings)")
    voice_commands = voice.add_subparsers(dest="voice_command", required=True)
    voice_import = voice_commands.add_parser(
        "import", help="take a folder of <name>.wav recordings as the hall's clips (all or nothing)")
    voice_import.add_argument("folder", help="folder with qing.wav, hao.wav, 0.wav … (docs/display.md)")
    voice_import.add_argument("--hall", help="hall code (default: the default hall)")
    voice_import.add_argument("--dry-run", action="store_true", help="check the files, store nothing")
    _instance_option(voice_import)
    voice_list = voice_commands.add_parser("list", help="every clip name, and whether the hall has its own")
    voice_list.add_argument("--hall", help="hall code (default: the default hall)")
    _instance_option(voice_list)
    voice_say = voice_commands.add_parser("say", help="write one call's sentence to a WAV file to listen to")
    voice_say.add_argument("ticket", help="e.g. A012")
    voice_say.add_argument("window", type=int, help="e.g. 24")
    voice_say.add_argument("--out", required=True, help="the WAV file to write")
    voice_say.add_argument("--recall", action="store_true", help="the 重呼 sentence")
    voice_say.add_argument("--hall", help="hall code (default: the default hall)")
    _instance_option(voice_say)


def _add_backup_commands(commands) -> None:  # type: ignore[no-untyped-def]
    """``bianmin backup|restore|upgrade`` (docs/operations.md: Backups)."""
    backup = commands.add_parser(
        "backup", help="copy the database now, while the hall works",
        epilog="exit status: 0 written; 2 failed (nothing half-written is left)")
    backup.add_argument("--to", help="folder (default: the backup_dir setting, else <instance>/backups)")
    backup.add_argument("--keep", type=int, metavar="DAYS",
                        help="then delete backups older than DAYS days (default: backup_keep_days)")
    _instance_option(backup)
    restore = commands.add_parser(
        "restore", help="put a backup in place of the database (the server must be stopped)",
        epilog="exit status: 0 restored; 1 refused: the hall's server is running; 2 the file "
        "is not a usable bianmin backup or the restore failed (nothing changed)")
    restore.add_argument("file")
    restore.add_argument("--force", action="store_true",
                         help="even while a bianmin serve of this instance is running")
    _instance_option(restore)
    upgrade = commands.add_parser(
        "upgrade", help="back up the database, then migrate it to this release's schema")
    upgrade.add_argument("--force", action="store_true", help="even while the server is running")
    upgrade.add_argument("--no-backup", action="store_true", help="migrate without a backup first")
    _instance_option(upgrade)


def _add_launcher_command(commands) -> None:  # type: ignore[no-untyped-def]
    launcher = commands.add_parser(
        "kiosk-launcher", help="Chromium in kiosk mode for a kiosk or lobby box",
        description="Start Chromium in kiosk mode on a local start page that waits for the "
        "server's /healthz, then opens URL; back to the start page whenever the server stops "
        "answering, and to URL again when it returns (docs/deployment.md).",
    )
    launcher.add_argument("url", help="the hall's page, e.g. http://192.168.1.10/kiosk/HALL/")
    launcher.add_argument("--browser", help="the browser (default: chromium on PATH)")
    launcher.add_argument("--profile", help="the browser's fixed profile folder (default "
                          "$XDG_STATE_HOME/bianmin-kiosk or ~/.local/state/bianmin-kiosk)")
    launcher.add_argument("--headless", action="store_true", help="no window (tests)")
    launcher.add_argument("--health-url", help="default: /healthz on URL's server")
    launcher.add_argument("--every", type=float, default=1.0,
                          help="seconds between polls of the server (1)")
    launcher.add_argument("--page-port", type=int, default=0,
                          help="port of the local start page on 127.0.0.1 (default: any free)")


def _launcher_command(args: argparse.Namespace) -> int:
    import logging
    from pathlib import Path

    from bianmin.launcher.chromium import find_browser
    from bianmin.launcher.run import LaunchOptions, launch

    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    browser = find_browser(args.browser)
    if browser is None:
        print("bianmin: no Chromium found (apt-get install chromium, or --browser PATH)",
              file=sys.stderr)
        return 2
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    profile = Path(args.profile) if args.profile else state / "bianmin-kiosk"
    return launch(LaunchOptions(url=args.url, browser=browser, profile=profile.resolve(),
                                headless=args.headless, health_url=args.health_url,
                                every=args.every, page_port=args.page_port))


def _instance_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--instance", dest="sub_instance", help=argparse.SUPPRESS)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    instance = getattr(args, "sub_instance", None) or args.instance
    if instance:
        os.environ["BIANMIN_INSTANCE"] = instance

    if args.command == "kiosk-launcher":
        return _launcher_command(args)  # a kiosk box has no instance and no settings

    from bianmin.settings import SettingsError, load_settings

    overrides = {}
    if args.command == "serve":
        overrides = {
            k: v
            for k, v in {"host": args.host, "port": args.port, "async_mode": args.async_mode}.items()
            if v is not None
        }
    try:
        settings = load_settings(overrides)
    except SettingsError as exc:
        print(f"bianmin: {exc}", file=sys.stderr)
        return 2

    if args.command == "serve":
        from bianmin.serve import serve

        return serve(settings)
    if args.command == "catalog":
        if args.catalog_command == "misses":
            from bianmin.catalog.misses_cli import show_misses

            return show_misses(settings, args.hall, args.days, args.json)
        return _catalog_command(settings, args)
    if args.command == "hall":
        from bianmin.catalog import cli as catalog_cli

        return catalog_cli.add_hall(
            settings, args.code, args.name, args.timezone, args.complaint_phone
        )
    if args.command == "db":
        from bianmin import migrate
        from bianmin.db import Database

        db = Database(settings.resolved_database_url)
        migrate.upgrade(db)
        print(f"database at the current schema: {settings.resolved_database_url}")
        return 0
    if args.command in {"backup", "restore", "upgrade"}:
        from bianmin.backup import cli as backup_cli

        if args.command == "backup":
            return backup_cli.backup(settings, args.to, args.keep)
        if args.command == "restore":
            return backup_cli.restore_command(settings, args.file, args.force)
        return backup_cli.upgrade(settings, args.force, args.no_backup)
    if args.command == "staff":
        from bianmin.staff import cli as staff_cli

        if args.staff_command == "add":
            return staff_cli.add(
                settings, args.username, args.password, hall=args.hall, windows=args.windows,
                name=args.name, replace=args.replace, role=args.role,
                employee_no=args.employee_no,
            )
        if args.staff_command == "photo":
            return staff_cli.photo(settings, args.username, args.file)
        return staff_cli.manage(settings, args.staff_command, username=getattr(args, "username", None),
                                hall=getattr(args, "hall", None))
    if args.command == "device":
        return _device_command(settings, args)
    if args.command == "voice":
        return _voice_command(settings, args)
    if args.command == "stats":
        from bianmin.stats import cli as stats_cli

        return stats_cli.rollup(settings, args.hall, args.first, args.last, args.again)
    if args.command == "day":
        from bianmin.queue import day_cli

        return day_cli.close(settings, args.hall)
    if args.command == "printer":
        from bianmin.printer import cli as printer_cli

        return printer_cli.test(settings, args.device)
    return 2


def _catalog_command(settings, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from bianmin.catalog import cli as catalog_cli

    if args.demo == (args.file is not None):
        print("bianmin: 请给出目录文件 FILE，或用 --demo 指内置的演示目录（二者选一）", file=sys.stderr)
        return 2
    if args.catalog_command == "check":
        return catalog_cli.check(args.file, as_json=args.json)
    if args.demo and args.hall not in (None, "demo"):
        print("bianmin: --demo 只导入演示大厅 demo；导入其他服务中心请给出目录文件", file=sys.stderr)
        return 2
    return catalog_cli.load(settings, args.file, hall_code=args.hall, hall_name=args.name,
                            profile_path=args.profile)


def _device_command(settings, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from bianmin.devices import cli as device_cli

    if args.device_command == "add":
        return device_cli.add(settings, args.name, kind=args.kind, hall=args.hall,
                              window=args.window, printer=args.printer)
    if args.device_command == "list":
        return device_cli.list_(settings, hall=args.hall)
    if args.device_command == "revoke":
        return device_cli.revoke(settings, args.name, hall=args.hall)
    return device_cli.code(settings, args.name, hall=args.hall)


def _voice_command(settings, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from bianmin.voice import cli as voice_cli

    if args.voice_command == "import":
        return voice_cli.import_clips(settings, Path(args.folder), hall=args.hall, dry_run=args.dry_run)
    if args.voice_command == "list":
        return voice_cli.list_clips(settings, hall=args.hall)
    return voice_cli.say(settings, args.ticket, args.window, hall=args.hall, out=Path(args.out),
                         recall=args.recall)


if __name__ == "__main__":
    sys.exit(main())
