"""Staff sign-in at a window: the credentials and the session answer (docs/counter.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from bianmin.api.shapes.common import PLAIN, Answer, Id, Input, nonblank_text

MAX_USERNAME = 60
MAX_PASSWORD = 200


def _window_int(value: int | str) -> int:
    return value if isinstance(value, int) else int(value.removesuffix("号"))


# a window number: a JSON integer, or digits as a form sends them ("3", "3号")
WindowNumber = Annotated[
    Id
    | Annotated[str, Field(pattern=r"^[1-9][0-9]{0,8}号?$", max_length=10)],
    AfterValidator(_window_int),
]


class SignIn(Input):
    username: nonblank_text(MAX_USERNAME)
    password: Annotated[str, Field(max_length=MAX_PASSWORD, pattern=PLAIN)]
    window: WindowNumber | None = Field(None, description="the window's number, e.g. 3 or "
                                        "\"3\"; a manager may leave it out")
    desk: Literal["guide"] | None = Field(None, description="guide: sign in at the hall's "
                                          "guide desk (咨询导办台) without a window, any role")
    codes = {"username": "invalid_credentials_format", "password": "invalid_credentials_format",
             "window": "invalid_window", "desk": "invalid_desk"}
    hints = {"desk": "desk 只能是 guide（咨询导办台）。",
             "username": f"请填写用户名（最多 {MAX_USERNAME} 个字符）和密码。",
             "password": f"请填写密码（最多 {MAX_PASSWORD} 个字符）。",
             "window": "请填写窗口号（正整数，例如 3）。"}


class StaffRef(Answer):
    id: int
    username: str
    display_name: str
    windows: list[int] | None = Field(description="null: every window of the hall")
    role: Literal["staff", "manager", "county"]


class HallName(Answer):
    code: str
    name: str


class WindowName(Answer):
    number: int
    name: str


class StaffSession(Answer):
    signed_in: Literal[True]
    staff: StaffRef
    hall: HallName
    window: WindowName | None = Field(description="null: a manager signed in without a window")


class SignedOut(Answer):
    signed_in: Literal[False]
