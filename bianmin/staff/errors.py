"""Sign-in and account errors, in Chinese; the same words for every wrong-credential case."""

from bianmin.errors import Conflict, Forbidden, InvalidInput, Unauthorized


class StaffError(Exception):
    """Marker base for the staff package's errors."""


class BadCredentials(StaffError, Unauthorized):
    # one message for unknown user, wrong password and disabled account: never tell which
    code = "bad_credentials"
    message = "用户名或密码不正确，请重新输入。"


class NotSignedIn(StaffError, Unauthorized):
    code = "not_signed_in"
    message = "请先在窗口终端登录。"


class WindowNotAllowed(StaffError, Forbidden):
    code = "window_not_allowed"
    message = "您没有被授权在这个窗口办理业务，请选择您的窗口或联系管理员。"


class WrongWindow(StaffError, Forbidden):
    code = "wrong_window"
    message = "您登录的是另一个窗口，只能操作本人登录的窗口。"


class UsernameTaken(StaffError, Conflict):
    code = "username_taken"
    message = "这个用户名已经存在。"


class InvalidStaff(StaffError, InvalidInput):
    code = "invalid_staff"
    message = "工作人员信息有误。"


class AccountUnavailable(StaffError, Unauthorized):
    """A signed-in account was disabled or removed since: its session stops working."""

    code = "account_unavailable"
    message = "您的账号已停用或不存在，请重新登录或联系管理员。"
