"""What can be wrong with a notice's data at 办结 (400), or a notice asked for (404)."""

from __future__ import annotations

from bianmin.errors import InvalidInput, NotFound


class IncompleteNotice(InvalidInput):
    code = "notice_incomplete"
    message = "通知书内容不完整。"


class UnknownNotice(NotFound):
    code = "unknown_notice"
    message = "没有这份通知书。"
