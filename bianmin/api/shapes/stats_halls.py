"""The halls a manager may look at (the managers' hall switcher)."""

from __future__ import annotations

from pydantic import Field

from bianmin.api.shapes.common import Answer


class HallItem(Answer):
    code: str
    name: str
    timezone: str


class HallList(Answer):
    county: bool = Field(description="true for a county manager, who reads every hall")
    home: str = Field(description="the code of the manager's own hall")
    halls: list[HallItem] = Field(description="sorted by code; a hall manager's own hall only")
