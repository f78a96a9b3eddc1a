"""Finish outcomes: a code or its Chinese label; nothing else."""

from __future__ import annotations

import pytest

from bianmin.queue.call_errors import InvalidOutcome
from bianmin.queue.outcomes import OUTCOME_HINTS, OUTCOME_LABELS, Outcome, parse_outcome


@pytest.mark.parametrize("text, outcome", [("done", Outcome.DONE), ("受理", Outcome.ACCEPTED),
                                           (" 退办 ", Outcome.REFUSED), ("consulted", Outcome.CONSULTED)])
def test_outcomes_parse_from_code_or_label(text: str, outcome: Outcome) -> None:
    assert parse_outcome(text) == outcome


@pytest.mark.parametrize("value", ["finished", "", None, 3, "办"])
def test_unknown_outcomes_are_refused(value: object) -> None:
    with pytest.raises(InvalidOutcome):
        parse_outcome(value)


def test_every_outcome_has_a_label_and_a_hint() -> None:
    assert set(OUTCOME_LABELS) == set(OUTCOME_HINTS) == set(Outcome)
    assert len(set(OUTCOME_LABELS.values())) == len(Outcome)
