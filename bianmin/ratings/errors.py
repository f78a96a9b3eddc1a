"""Why a rating is refused: each with a code for programs and a Chinese message for the visitor."""

from __future__ import annotations

from bianmin.errors import Conflict, Forbidden, NotFound


class NotFinished(Conflict):
    code = "not_finished"
    message = "这个号还没有办结，办结后才能评价。"


class AlreadyRated(Conflict):
    code = "already_rated"
    message = "这个号已经评价过了，每次办事只能评价一次。谢谢您！"


class RatingClosed(Conflict):
    code = "rating_closed"
    message = "已超过评价期限，不能再评价了。谢谢您！"


class NotThisTablet(Forbidden):
    code = "not_this_window"
    message = "这个号不是在本窗口办理的，请在办理它的窗口评价，或扫描小票上的二维码评价。"


class WrongTicketToken(Forbidden):
    code = "wrong_token"
    message = "二维码与这个号不符，请重新扫描小票上的二维码。"


class UnknownFollowUp(NotFound):
    code = "unknown_follow_up"
    message = "没有找到这条差评回访。"


class FollowUpClosed(Conflict):
    code = "follow_up_closed"
    message = "这条差评回访已经办结，不能再修改。"
