"""How a visit ended at the window (办理结果), from the hall's rules (济政办〔2022〕7号).

即办件 are finished on the spot; 承诺件 are accepted with a 受理通知书; 上报件 go up to the
county; incomplete papers get a 补齐补正通知书; refused matters a 不予受理告知书 (退办件);
a visitor who only asked a question is counted as 咨询. The code is stored in the event
log and used by the statistics; the label is what staff and screens read.
"""

from __future__ import annotations

import enum

from bianmin.queue.call_errors import InvalidOutcome


class Outcome(enum.StrEnum):
    DONE = "done"
    ACCEPTED = "accepted"
    FORWARDED = "forwarded"
    SUPPLEMENT = "supplement"
    REFUSED = "refused"
    CONSULTED = "consulted"


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.DONE: "办结",
    Outcome.ACCEPTED: "受理",
    Outcome.FORWARDED: "上报",
    Outcome.SUPPLEMENT: "补正",
    Outcome.REFUSED: "退办",
    Outcome.CONSULTED: "咨询",
}

OUTCOME_HINTS: dict[Outcome, str] = {
    Outcome.DONE: "当场办结（即办件）",
    Outcome.ACCEPTED: "已受理，出具受理通知书（承诺件）",
    Outcome.FORWARDED: "已受理并上报上级审批（上报件）",
    Outcome.SUPPLEMENT: "材料不齐，一次性告知补齐补正",
    Outcome.REFUSED: "不予受理，书面告知理由（退办件）",
    Outcome.CONSULTED: "仅咨询，未申请办理",
}


def parse_outcome(value: object) -> Outcome:
    """An outcome from its code (``done``) or its label (``办结``); anything else is refused."""
    if isinstance(value, str):
        text = value.strip()
        for outcome, label in OUTCOME_LABELS.items():
            if text in (outcome.value, label):
                return outcome
    raise InvalidOutcome()
