"""The answer to ``DLE EOT 4`` (paper roll sensor status), decoded.

One byte: bit 1 and bit 4 are always 1, bits 0 and 7 always 0; bits 2–3 set means the roll
is nearly used up, bits 5–6 set means it has run out. Bytes that do not fit the pattern
(automatic status blocks, noise) are not an answer.
"""

from __future__ import annotations

import enum

_FIXED_MASK = 0x93
_FIXED_BITS = 0x12
NEAR_END = 0x0C
ROLL_END = 0x60


class PaperState(enum.StrEnum):
    OK = "ok"
    LOW = "low"
    OUT = "out"


def decode_paper_status(byte: int) -> PaperState | None:
    if byte & _FIXED_MASK != _FIXED_BITS:
        return None
    if byte & ROLL_END:
        return PaperState.OUT
    if byte & NEAR_END:
        return PaperState.LOW
    return PaperState.OK
