"""Staff photos for the rating tablet: JPEG or PNG, at most 1 MB, kept in the instance folder.

``bianmin staff photo USERNAME FILE`` copies the file to ``<instance>/staff_photos/`` under a
new name (so screens never show a cached old photo) and records the name on the account.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import select

from bianmin.db import Database
from bianmin.staff.errors import InvalidStaff
from bianmin.staff.models import Staff

MAX_PHOTO_BYTES = 1_000_000
FOLDER = "staff_photos"
KINDS = {b"\xff\xd8\xff": ("jpg", "image/jpeg"), b"\x89PNG\r\n\x1a\n": ("png", "image/png")}


def kind_of(data: bytes) -> tuple[str, str]:
    """(suffix, media type) of a JPEG or PNG; InvalidStaff for anything else."""
    for magic, kind in KINDS.items():
        if data.startswith(magic):
            return kind
    raise InvalidStaff("照片须为 JPEG 或 PNG 图片。", code="invalid_photo")


def photo_folder(instance: Path) -> Path:
    return instance / FOLDER


def set_photo(db: Database, instance: Path, username: str, source: Path) -> str:
    """Store the photo for the account; returns the stored file name."""
    if not source.is_file():
        raise InvalidStaff(f"找不到照片文件 {source}。", code="invalid_photo")
    if source.stat().st_size > MAX_PHOTO_BYTES:
        raise InvalidStaff("照片太大，请不超过 1 MB（建议 400×500 像素）。", code="photo_too_large")
    return store_photo(db, instance, source.read_bytes(), Staff.username == username,
                       missing=f"没有用户名为 {username} 的账号。")


def store_photo(db: Database, instance: Path, data: bytes, which, *,  # type: ignore[no-untyped-def]
                missing: str = "没有这个工作人员账号。") -> str:
    """Store ``data`` (JPEG/PNG, ≤ 1 MB) as the photo of the account ``which`` selects."""
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidStaff("照片太大，请不超过 1 MB（建议 400×500 像素）。", code="photo_too_large")
    suffix, _ = kind_of(data)
    with db.write() as session:
        staff = session.scalar(select(Staff).where(which))
        if staff is None:
            raise InvalidStaff(missing, code="unknown_staff")
        name = f"{staff.id}-{secrets.token_hex(4)}.{suffix}"
        folder = photo_folder(instance)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        old, staff.photo = staff.photo, name
    if old and old != name:
        (photo_folder(instance) / old).unlink(missing_ok=True)
    return name


def photo_path(instance: Path, name: str) -> Path | None:
    """The stored photo's path, or None (no photo, a missing file, or a name that is not ours)."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = photo_folder(instance) / name
    return path if path.is_file() else None
