"""Short Chinese display texts derived from catalog fields, shared by screens and tickets."""

from __future__ import annotations

from bianmin.catalog.models import TimeLimitKind


def time_limit_text(
    kind: TimeLimitKind | str, raw: str, legal_days: int | None, promised_days: int | None
) -> str:
    """即时办理 / 承诺5个工作日（法定20个工作日） / 5个工作日 / the raw text / 以窗口告知为准."""
    kind = TimeLimitKind(kind)
    if kind is TimeLimitKind.IMMEDIATE:
        return "即时办理" if raw.strip() in {"", "即时办理", "即时办结"} else raw.strip()
    if kind is TimeLimitKind.WORKING_DAYS and promised_days is not None:
        if legal_days is not None and legal_days != promised_days:
            return f"承诺{promised_days}个工作日（法定{legal_days}个工作日）"
        return f"{promised_days}个工作日内"
    if kind is TimeLimitKind.NONE or not raw.strip():
        return "以窗口告知为准"
    return raw.strip()
