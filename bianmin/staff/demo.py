"""Ready-made accounts of the demo hall, so a newcomer can call a number at once.

Only for the packaged demo hall (code ``demo``, name 六十二团便民服务中心, with
``load_demo`` on and ``default_hall = demo``): a real hall never gets an account it did
not create itself. The passwords are random, generated on first start, stored hashed like
every password, and kept in plain text in ``<instance>/demo_accounts.txt`` (mode 0600) so
that every start of the demo hall can print them again. Deleting the file makes the next
start generate new passwords; ``bianmin staff add USER --password … --replace`` sets one by
hand (the start then says the password was changed and no longer prints it).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from werkzeug.security import check_password_hash

from bianmin.catalog.demo import DEMO_CODE, DEMO_NAME
from bianmin.catalog.models import Hall
from bianmin.db import Database
from bianmin.settings import Settings
from bianmin.staff.errors import UsernameTaken
from bianmin.staff.models import Role, Staff
from bianmin.staff.service import add_staff

PASSWORD_FILE = "demo_accounts.txt"
# no 0/O/o, 1/l/I/i: read off a screen and typed at a counter without doubt
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class DemoAccountSpec:
    username: str
    display_name: str
    role: str


ACCOUNTS = (
    # every window of the demo hall (any_window): sign in at whichever window you like
    DemoAccountSpec("demo-staff", "演示窗口人员", Role.STAFF.value),
    DemoAccountSpec("demo-manager", "演示管理员", Role.MANAGER.value),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    # created | ready | renewed (file deleted: new password) | changed (set by hand) |
    # disabled | taken (the username belongs to another hall)
    status: str
    # the plain password, only while it is the account's real one
    password: str | None


def generate_password() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(PASSWORD_LENGTH))


def is_demo_installation(settings: Settings, db: Database) -> bool:
    """This installation runs the packaged demo hall (and nothing marks it as a real hall)."""
    if not settings.load_demo or settings.default_hall != DEMO_CODE:
        return False
    with db.read() as session:
        name = session.scalar(select(Hall.name).where(Hall.code == DEMO_CODE))
    return name == DEMO_NAME


def ensure_demo_accounts(settings: Settings, db: Database) -> list[DemoAccount]:
    """The demo accounts, created or renewed as needed; [] when this is not the demo hall."""
    if not is_demo_installation(settings, db):
        return []
    path = settings.instance / PASSWORD_FILE
    known = read_password_file(path)
    accounts = [_ensure(db, spec, known.get(spec.username)) for spec in ACCOUNTS]
    write_password_file(path, {a.username: a.password for a in accounts if a.password})
    return accounts


def _ensure(db: Database, spec: DemoAccountSpec, password: str | None) -> DemoAccount:
    def account(status: str, plain: str | None) -> DemoAccount:
        return DemoAccount(spec.username, spec.display_name, spec.role, status, plain)

    with db.read() as session:
        staff = session.scalar(select(Staff).where(Staff.username == spec.username))
        demo_hall_id = session.scalar(select(Hall.id).where(Hall.code == DEMO_CODE))
        found = None if staff is None else (staff.hall_id, staff.active, staff.password_hash)
    if found is None:
        plain = password or generate_password()
        try:
            _add(db, spec, plain, replace=False)
        except UsernameTaken:  # another process made it meanwhile
            return account("changed", None)
        return account("created", plain)
    hall_id, active, stored = found
    if hall_id != demo_hall_id:
        return account("taken", None)
    if password is None:
        plain = generate_password()
        _add(db, spec, plain, replace=True)
        return account("renewed", plain)
    if not check_password_hash(stored, password):
        return account("changed", None)
    return account("ready" if active else "disabled", password if active else None)


def _add(db: Database, spec: DemoAccountSpec, password: str, *, replace: bool) -> None:
    add_staff(db, hall_code=DEMO_CODE, username=spec.username, password=password,
              display_name=spec.display_name, windows=None, replace=replace, role=spec.role)


def read_password_file(path: Path) -> dict[str, str]:
    """username → password from lines ``username password``; comments and junk ignored."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    found = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and not line.startswith("#"):
            found[parts[0]] = parts[1]
    return found


def write_password_file(path: Path, passwords: dict[str, str]) -> None:
    """Written with mode 0600 from the first byte (never readable by others, not even briefly)."""
    lines = [
        "# 演示大厅（demo）的演示账号：用户名 密码。只用于演示，真实服务中心不会有这些账号。",
        "# Delete this file to get new passwords at the next start of bianmin serve.",
        *(f"{username} {password}" for username, password in passwords.items()),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)  # a file that existed before keeps its old mode through O_CREAT
