"""A hall profile: what a hall's catalog file does not say, kept as data (TOML).

The catalog has no column for the field of service (领域) a queue belongs to, yet the kiosk
lets visitors browse by it; nor does it name windows beyond their numbers. A profile maps
each queue (by its catalog name, e.g. "15-20号窗口") to a domain and, optionally, each
window number to a name::

    [queues]
    "15-20号窗口" = "医疗保障"

    [windows]
    15 = "医疗保障窗口"

    [synonyms]
    "上户口" = ["出生登记", "落户"]   # a visitor's word → catalog words (docs/search.md)

The demo hall's profile ships as ``demo_hall.toml`` beside this module.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from bianmin.catalog.synonyms import SynonymError, parse_table
from bianmin.errors import InvalidInput

DEMO_PROFILE = "demo_hall.toml"


class ProfileError(InvalidInput):
    code = "hall_profile"
    message = "服务中心配置文件有误。"


@dataclass(frozen=True)
class HallProfile:
    # queue name as in the catalog → domain (领域), e.g. "10号窗口" → "社会救助"
    queue_domains: dict[str, str] = field(default_factory=dict)
    # window number → the name shown on screens and tickets, e.g. 10 → "社会救助窗口"
    window_names: dict[int, str] = field(default_factory=dict)
    # the hall's synonym entries over the packaged table; an empty list removes one
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)


def parse_profile(text: str, source: str = "配置文件") -> HallProfile:
    """Read a profile's TOML text; a mistake raises ProfileError naming what to fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{source}不是有效的 TOML：{exc}") from exc
    unknown = set(data) - {"queues", "windows", "synonyms"}
    if unknown:
        raise ProfileError(f"{source}有不认识的部分：{'、'.join(sorted(unknown))}（只允许 [queues]、[windows] 和 [synonyms]）。")
    queues = _strings(data.get("queues", {}), "queues", source)
    windows: dict[int, str] = {}
    for key, name in _strings(data.get("windows", {}), "windows", source).items():
        if not key.isdigit() or int(key) <= 0:
            raise ProfileError(f"{source}的 [windows] 里“{key}”不是窗口号（应写成 7 = \"社会救助窗口\"）。")
        windows[int(key)] = name
    try:
        synonyms = parse_table(data.get("synonyms", {}), source)
    except SynonymError as exc:
        raise ProfileError(str(exc)) from exc
    return HallProfile(queues, windows, synonyms)


def _strings(table: object, name: str, source: str) -> dict[str, str]:
    if not isinstance(table, dict):
        raise ProfileError(f"{source}的 {name} 应是一个表（[{name}]）。")
    bad = [str(k) for k, v in table.items() if not isinstance(v, str) or not v.strip()]
    if bad:
        raise ProfileError(f"{source}的 [{name}] 里这些项的值应是非空文字：{'、'.join(bad)}。")
    return {str(k).strip(): v.strip() for k, v in table.items()}


def load_profile(path: str | Path) -> HallProfile:
    """Read a profile file; a missing or unreadable file raises ProfileError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"无法读取服务中心配置文件 {path}：{exc}") from exc
    return parse_profile(text, source=str(path))


def demo_profile() -> HallProfile:
    """The demo hall's profile (六十二团便民服务中心), shipped with the package."""
    text = files("bianmin.catalog").joinpath(DEMO_PROFILE).read_text(encoding="utf-8")
    return parse_profile(text, source=DEMO_PROFILE)
