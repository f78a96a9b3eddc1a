"""What each role may do, said in one place (``Staff.role`` holds a ``Role`` value)."""

from __future__ import annotations

from bianmin.staff.errors import InvalidStaff
from bianmin.staff.models import Role


def parse_role(value: str | None) -> Role:
    try:
        return Role(value or Role.STAFF.value)
    except ValueError:
        names = "、".join(r.value for r in Role)
        raise InvalidStaff(f"角色须为 {names} 之一。", code="invalid_role") from None


def is_manager(role: str) -> bool:
    return role in (Role.MANAGER.value, Role.COUNTY.value)


def is_county(role: str) -> bool:
    """A county manager: manages its own hall and reads the reports of every hall."""
    return role == Role.COUNTY.value


def needs_window(role: str) -> bool:
    """Staff sign in at a window; a manager may sign in without one (for /manage/)."""
    return not is_manager(role)
