"""The error kinds every package's exceptions derive from.

Each error carries a stable ``code`` for API clients and a ``message`` in Chinese that a
visitor or a member of staff can act on. The web layer maps the kinds to HTTP statuses in
one place (``bianmin.web.errors``); the domain never speaks HTTP.
"""

from __future__ import annotations


class BianminError(Exception):
    code = "error"
    message = "操作未能完成，请稍后再试或联系工作人员。"

    def __init__(self, message: str | None = None, *, code: str | None = None, **details: object):
        self.message = message or type(self).message
        if code:
            self.code = code
        self.details = details
        super().__init__(self.message)


class InvalidInput(BianminError):
    code = "invalid_input"
    message = "输入的内容有误，请检查后重试。"


class NotFound(BianminError):
    code = "not_found"
    message = "没有找到您要的内容。"


class Conflict(BianminError):
    code = "conflict"
    message = "当前状态不允许这个操作。"


class Forbidden(BianminError):
    code = "forbidden"
    message = "您没有权限进行这个操作。"


class Unauthorized(BianminError):
    code = "unauthorized"
    message = "请先登录。"


class Unavailable(BianminError):
    code = "unavailable"
    message = "系统繁忙，请稍后再试。"
