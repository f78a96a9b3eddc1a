"""What can go wrong at a counter, in words that tell the member of staff what to do next."""

from __future__ import annotations

from bianmin.errors import Conflict, InvalidInput, NotFound
from bianmin.queue.errors import QueueError


class UnknownWindow(QueueError, NotFound):
    code = "unknown_window"
    message = "本大厅没有这个窗口号，请核对窗口号。"


class UnknownQueue(QueueError, NotFound):
    code = "unknown_queue"
    message = "没有找到要转往的队列（窗口组），请重新选择。"


class NoTicketWaiting(QueueError, Conflict):
    code = "no_ticket_waiting"
    message = "本窗口当前没有排队的号，请稍后再叫号。"


class WindowIsPaused(QueueError, Conflict):
    code = "window_paused"
    message = "本窗口已暂停服务，请先点“恢复服务”（F8）再叫号。"


class WindowBusy(QueueError, Conflict):
    """call-next while the window still has a visitor: finish, no-show or transfer first."""

    code = "window_busy"
    message = "本窗口还有正在处理的号，请先办结、过号或转移，再叫下一位。"


class NoCurrentTicket(QueueError, Conflict):
    code = "no_current_ticket"
    message = "本窗口当前没有已叫的号，请先叫号。"


class IllegalTransition(QueueError, Conflict):
    """An action that the ticket's present status does not allow; the message says why."""

    code = "illegal_transition"
    message = "这个号当前的状态不允许这个操作。"


class InvalidOutcome(QueueError, InvalidInput):
    code = "invalid_outcome"
    message = "请选择办理结果：办结、受理、上报、补正、退办或咨询。"


class InvalidTransferTarget(QueueError, InvalidInput):
    code = "invalid_transfer_target"
    message = "请选择要转往的队列或窗口（二选一）。"


class TicketNotInWindowQueues(QueueError, Conflict):
    code = "ticket_not_in_window_queues"
    message = "这个号不在本窗口服务的队列中，不能在本窗口处理。"


class NotHeld(QueueError, Conflict):
    """回叫挂起 of a ticket that is not on hold (any more): the message says what it is now."""

    code = "not_held"
    message = "这个号不在挂起中，不能回叫。"


class HeldElsewhere(QueueError, Conflict):
    code = "held_elsewhere"
    message = "这个号挂起在其他窗口，请由该窗口回叫。"


class NotCallable(QueueError, Conflict):
    """选叫 of a ticket this window may not call: not waiting, another queue, another window."""

    code = "not_callable"
    message = "这个号不能由本窗口叫号。"


class RequeueRefused(QueueError, Conflict):
    """过号重排 refused; ``code`` says why (too late, already re-queued, not a no-show …)."""

    code = "requeue_refused"
    message = "这个号不能重新排队。"
