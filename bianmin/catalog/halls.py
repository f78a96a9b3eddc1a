"""Creating a hall: a code usable in URLs, a name, a real timezone (business days follow it)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import Hall
from bianmin.errors import Conflict, InvalidInput

# appears in URLs (/api/v1/halls/<code>/…) and in Socket.IO auth: keep it plain
HALL_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class InvalidHallCode(InvalidInput):
    code = "invalid_hall_code"
    message = "服务中心代码只能用小写字母、数字、- 和 _（最多40个字符），如 demo、wutuan。"


class UnknownTimezone(InvalidInput):
    code = "unknown_timezone"
    message = "不认识这个时区，请写成 Asia/Shanghai 这样的 IANA 时区名。"


class HallExists(Conflict):
    code = "hall_exists"
    message = "已经有这个代码的服务中心了。"


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownTimezone(f"不认识时区“{name}”，请写成 Asia/Shanghai 这样的 IANA 时区名。") from None
    return name


def create_hall(
    session: Session, code: str, name: str, timezone: str = "Asia/Shanghai",
    complaint_phone: str = "12345",
) -> Hall:
    """Add a hall with no catalog yet; the caller's transaction commits it."""
    if not HALL_CODE.match(code):
        raise InvalidHallCode(f"服务中心代码“{code}”不可用。" + InvalidHallCode.message)
    if not name.strip():
        raise InvalidInput("请填写服务中心的名称（--name）。", code="missing_hall_name")
    check_timezone(timezone)
    if session.scalar(select(Hall.id).where(Hall.code == code)) is not None:
        raise HallExists(f"已经有代码为“{code}”的服务中心了，请换一个代码。")
    hall = Hall(code=code, name=name.strip(), timezone=timezone, complaint_phone=complaint_phone)
    session.add(hall)
    session.flush()
    return hall
