"""One settings object: defaults, then the instance file, then ``BIANMIN_*`` variables.

Every field can be set as an environment variable ``BIANMIN_<FIELD>`` (upper case), or in
``<instance>/bianmin.toml`` as ``field = value``. Tests pass a mapping of overrides.
Nothing here is specific to one hall: the demo hall is only the embedded default.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ENV_PREFIX = "BIANMIN_"
INSTANCE_FILE = "bianmin.toml"


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Settings:
    # where this installation keeps its database, secret key and print previews
    instance: Path = field(default_factory=lambda: Path("instance").resolve())
    # SQLAlchemy URL; empty means SQLite in the instance folder
    database_url: str = ""
    # Socket.IO message queue joining several server processes, e.g. redis://127.0.0.1:6379
    message_queue: str = ""
    # signs staff session cookies; empty means a random key kept in the instance folder
    secret_key: str = ""
    # the hall a kiosk and the lobby screen show when none is named in the URL
    default_hall: str = "demo"
    # load the demo hall (catalog 000) into an empty database on first start
    load_demo: bool = True
    # apply migrations on start (fine for the single-process SQLite default; for
    # PostgreSQL run `bianmin db upgrade` once per deployment instead)
    auto_migrate: bool = True
    # the kiosks' printer as a URL (see docs/printing.md); empty = preview:// in the instance
    # folder; "none" = no printer attached (the kiosk asks the visitor to photograph the screen)
    printer: str = ""
    # retired (ignored, a warning at start): a kiosk's printer is its device record's
    # (`bianmin device add NAME --kind kiosk --printer URL`); kept so old files still load
    kiosk_printers: str = ""
    # seconds a printer may take to connect/answer before the job is marked failed; short, so
    # that the kiosk can tell the visitor within 3 s that the ticket did not print
    printer_timeout: float = 2.0
    # a CJK font file (.ttf/.ttc) for raster tickets and print previews; empty = search the
    # usual system places (fonts-noto-cjk, wqy, …); see docs/printing.md
    font_path: str = ""
    # kiosk: seconds without a touch before it returns to the home screen
    kiosk_idle_seconds: int = 60
    # kiosk: seconds the ticket screen stays before going home
    kiosk_ticket_seconds: int = 30
    # lobby screen: times each call's sentence is said (1-3); the chime rings once before
    # them (docs/display.md, Announcements)
    announce_repeat: int = 1
    # SQLite busy timeout in milliseconds
    sqlite_busy_timeout_ms: int = 5000
    host: str = "127.0.0.1"
    port: int = 5000
    async_mode: str = "eventlet"
    # base URL printed in ticket QR codes; empty means the address the kiosk used.
    # https://… also marks the staff session cookie Secure
    public_url: str = ""

    # --- hardening (docs/security.md) ---
    # every hall accepts unenrolled kiosks and screens, with no issuing limit (the demo hall
    # always does); for a demo or a load test, never for a hall on a shared LAN
    open_kiosks: bool = False
    # Socket.IO origins allowed besides the server's own, comma-separated
    # (e.g. "https://hall.example.cn"); "*" allows any (not recommended)
    allowed_origins: str = ""
    # a staff session lasts at most this many hours (one working day)
    session_hours: int = 16
    # sign-in attempts (Flask-Limiter notation) per username and per client address
    signin_limit_user: str = "10 per minute"
    signin_limit_address: str = "30 per minute"
    # this many failed sign-ins of one username in a row lock it for signin_lockout_minutes
    signin_lockout_failures: int = 10
    signin_lockout_minutes: int = 15
    # password checks (scrypt, ~0.1 s of one core each) run at once; further sign-ins wait
    # their turn, so a burst of them leaves the other core to the kiosks and screens
    signin_checks_at_once: int = 1
    # seconds a refused sign-in (429) waits before its answer: slows a guessing script
    # that waits for each answer to one try a second per connection, at no cost to the server
    signin_refusal_delay: float = 1.0
    # tickets one enrolled kiosk may issue (a person cannot press faster)
    kiosk_ticket_limit: str = "20 per minute"
    # device enrolment attempts per client address, and failed attempts in all (together
    # they keep an 8-digit one-time code out of reach of guessing: docs/security.md)
    enrol_limit_address: str = "10 per minute"
    # searches that found nothing one kiosk (or, in open mode, one address) may report
    search_miss_limit: str = "30 per minute"
    enrol_limit_failures: str = "100 per hour"
    # snapshot requests one Socket.IO connection may make
    snapshot_limit_per_minute: int = 30
    # where rate-limit counters live: empty = the Redis of message_queue if any, else memory;
    # or a storage URI such as redis://127.0.0.1:6379/1 or memory://
    rate_limit_storage: str = ""
    # print jobs: a process beats this often; one silent for 3 beats is gone
    print_heartbeat_seconds: float = 5.0
    # devices (/manage/devices): 在线 when the server heard from a device within this many
    # seconds; screens connected over Socket.IO are noted every third of it
    device_online_seconds: int = 90
    # the server warns (log, 实时概况) when the database's clock or a device's differs from
    # its own by more than this (bianmin.clock_skew)
    clock_skew_warn_seconds: int = 60
    # SQLite's synchronous pragma: FULL survives a power cut with every committed ticket
    # (docs/tickets.md has the measured cost); NORMAL may lose the last commits, and a
    # number already printed could be issued again
    sqlite_synchronous: str = "FULL"

    # --- 好差评 (docs/ratings.md) ---
    # days after a ticket was finished during which its visitor may still rate it (phone)
    rating_days: int = 7
    # minutes after the finish during which the window's rating tablet may rate the ticket
    rating_tablet_minutes: int = 10
    # seconds the rating tablet waits for a touch before it returns to idle, recording nothing
    rating_tablet_timeout_seconds: int = 60
    # working days (Monday–Friday) a bad rating's follow-up has before it is flagged overdue
    followup_working_days: int = 3

    # --- the managers' dashboard (docs/statistics.md) ---
    # minutes a visitor may wait in a queue before the dashboard raises an alert
    dashboard_wait_alert_minutes: int = 30
    # minutes a window may stay paused before the dashboard raises an alert
    dashboard_pause_alert_minutes: int = 15
    # --- reports (docs/statistics.md) ---
    # `bianmin serve` rolls up closed business days at start and then this often; 0 = never
    stats_rollup_minutes: float = 10.0
    # `bianmin serve` closes each hall's left-over tickets (未办理) at its closing and at
    # midnight, checking this often (seconds); 0 = never (then `bianmin day close`)
    day_close_seconds: float = 60.0
    # --- keeping the visitor's place (docs/counter.md) ---
    # `bianmin serve` closes 挂起 holds past the hall's hold_minutes this often; 0 = only
    # when a window of the hall calls
    hold_check_seconds: float = 60.0
    # --- backups (docs/operations.md: Backups) ---
    # local time of the daily backup inside `bianmin serve`, "HH:MM"; empty = no schedule
    backup_time: str = ""
    # where backups go; empty = <instance>/backups
    backup_dir: str = ""
    # backups older than this many days are deleted after each backup (0 = keep all)
    backup_keep_days: int = 14

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.instance / 'bianmin.sqlite3'}"

    @property
    def resolved_printer(self) -> str:
        return self.printer or f"preview://{self.instance / 'prints'}"

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **{k: _coerce(k, v) for k, v in changes.items()})


_FIELD_TYPES = {f.name: f.type for f in fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    if name not in _FIELD_TYPES:
        raise SettingsError(f"unknown setting {name!r}")
    kind = _FIELD_TYPES[name]
    if not isinstance(value, str):
        return Path(value) if kind == "Path" else value
    text = value.strip()
    try:
        if kind == "Path":
            return Path(text).expanduser().resolve()
        if kind == "bool":
            if text.lower() in {"1", "true", "yes", "on"}:
                return True
            if text.lower() in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(text)
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError as exc:
        raise SettingsError(f"setting {name} has an unusable value {value!r}") from exc
    return text


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build the settings: defaults < instance file < environment < explicit overrides."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    env_values = {
        name: environ[ENV_PREFIX + name.upper()]
        for name in _FIELD_TYPES
        if ENV_PREFIX + name.upper() in environ
    }
    instance = overrides.get("instance") or env_values.get("instance") or Settings().instance
    instance = _coerce("instance", instance)
    file_values: dict[str, Any] = {}
    config_file = instance / INSTANCE_FILE
    if config_file.is_file():
        try:
            file_values = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{config_file}: {exc}") from exc
    merged: dict[str, Any] = {**file_values, **env_values, **overrides, "instance": instance}
    settings = Settings().replace(**merged)
    if settings.async_mode not in {"eventlet", "threading"}:
        raise SettingsError("async_mode must be 'eventlet' or 'threading'")
    if not 1 <= settings.announce_repeat <= 3:
        raise SettingsError("announce_repeat must be 1, 2 or 3")
    if settings.sqlite_synchronous.upper() not in {"FULL", "NORMAL"}:
        raise SettingsError("sqlite_synchronous must be 'FULL' or 'NORMAL'")
    if settings.backup_time and not _is_clock_time(settings.backup_time):
        raise SettingsError("backup_time must be HH:MM (e.g. 02:30) or empty")
    return settings.replace(sqlite_synchronous=settings.sqlite_synchronous.upper())


def _is_clock_time(text: str) -> bool:
    hours, _, minutes = text.partition(":")
    return (hours.isdigit() and minutes.isdigit() and len(minutes) == 2
            and 0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59)


def ensure_secret_key(settings: Settings) -> str:
    """The configured key, or one generated once and kept in the instance folder."""
    if settings.secret_key:
        return settings.secret_key
    path = settings.instance / "secret_key"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    settings.instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key
