"""What can go wrong with tickets, in words a visitor or a member of staff can act on."""

from bianmin.errors import Conflict, InvalidInput, NotFound


class QueueError(Exception):
    """Marker base for the queue package's errors."""


class UnknownScenario(QueueError, NotFound):
    code = "unknown_scenario"
    message = "没有找到这个办理事项，请返回首页重新选择。"


class UnknownTicket(QueueError, NotFound):
    code = "unknown_ticket"
    message = "没有找到这张排队号。"


class InvalidTicketRequest(QueueError, InvalidInput):
    code = "invalid_ticket_request"
    message = "取号请求有误，请返回重新选择事项。"


class RequestIdReused(QueueError, Conflict):
    code = "request_id_reused"
    message = "这个请求编号已用于另一个事项，请重新取号。"


class MatterWithdrawn(QueueError, Conflict):
    """The hall no longer handles the matter (seed 002's 收回): the message says where to go."""

    code = "matter_withdrawn"
    message = "本中心不再受理这个事项，请咨询导办台。"


class GreenReasonRequired(QueueError, Conflict):
    """帮办代办 on the green channel: the hall's rule wants the reason written down."""

    code = "green_reason_required"
    message = "走绿色通道请写明原因（例如：80岁以上老人、残疾人）。"
