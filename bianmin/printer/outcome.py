"""What became of one attempt to print: a status from PrintStatus and a reason in Chinese.

``reason`` is for the hall (staff read it on the counter terminal, the kiosk may show it);
``detail`` is the technical cause in English for the log. Neither ever holds a password.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bianmin.printer.models import PrintStatus

# what staff should do, per fault; the specific cause is put in front
ADVICE = {
    PrintStatus.OFFLINE: "请检查打印机电源和连线，然后补打。",
    PrintStatus.TIMEOUT: "请检查打印机是否卡纸、缺纸或死机，重启打印机后补打。",
    PrintStatus.PAPER_OUT: "请换上新纸卷，然后补打。",
    PrintStatus.ERROR: "请联系管理员检查打印机设置。",
}


@dataclass(frozen=True)
class PrintOutcome:
    status: PrintStatus
    reason: str = ""  # Chinese: the cause and what to do; on success an optional warning
    detail: str = ""  # English, technical
    device: str = ""  # the printer URL without credentials
    bytes_sent: int = 0
    seconds: float = 0.0
    job_id: int | None = None

    @property
    def printed(self) -> bool:
        return self.status is PrintStatus.PRINTED

    def with_job(self, job_id: int) -> PrintOutcome:
        return replace(self, job_id=job_id)

    @property
    def record(self) -> str:
        """What a print job stores in ``error``: a warning if printed, else reason and detail."""
        if self.printed:
            return self.reason
        return "\n".join(part for part in (self.reason, self.detail) if part)


def failed(status: PrintStatus, cause: str, detail: str, **fields: object) -> PrintOutcome:
    """A failure outcome: the specific cause in Chinese followed by the advice for it."""
    reason = f"{cause}。{ADVICE[status]}" if cause else ADVICE[status]
    return PrintOutcome(status, reason=reason, detail=detail, **fields)  # type: ignore[arg-type]
