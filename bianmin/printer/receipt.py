"""The receipt model: what goes on the paper, independent of how a printer is driven.

The layout produces it; the text-mode encoder, the raster encoder and the preview all read
the same model, so a preview shows what the printer prints.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    """A paper roll: its width in mm, in half-width text columns and in printer dots."""

    mm: int
    columns: int  # half-width (ASCII) characters per line in text mode; CJK take two
    dots: int  # printable width at 203 dpi

    @property
    def dots_per_column(self) -> int:
        return self.dots // self.columns


PAPER_80 = Paper(mm=80, columns=48, dots=576)
PAPER_58 = Paper(mm=58, columns=32, dots=384)
PAPERS = {80: PAPER_80, 58: PAPER_58}


class Align(enum.StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class TextLine:
    """One printed line; the layout has already wrapped it to fit the paper at its size."""

    text: str
    width: int = 1  # character width multiplier, 1–8 (GS !)
    height: int = 1  # character height multiplier, 1–8 (GS !)
    bold: bool = False
    align: Align = Align.LEFT
    inverse: bool = False  # white on black (GS B), used to mark the green channel

    def __post_init__(self) -> None:
        if not (1 <= self.width <= 8 and 1 <= self.height <= 8):
            raise ValueError(f"text size {self.width}x{self.height} is outside 1–8")


@dataclass(frozen=True)
class Rule:
    """A horizontal line across the paper."""


@dataclass(frozen=True)
class QrBlock:
    payload: str
    module_size: int = 6  # dots per QR module (GS ( k function 167), 1–16

    def __post_init__(self) -> None:
        if not 1 <= self.module_size <= 16:
            raise ValueError("QR module size must be 1–16")


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = True  # leave a hinge so the ticket does not drop to the floor


Block = TextLine | Rule | QrBlock | Feed | Cut


@dataclass(frozen=True)
class Receipt:
    paper: Paper
    blocks: tuple[Block, ...]

    def text_lines(self) -> list[TextLine]:
        return [b for b in self.blocks if isinstance(b, TextLine)]

    @property
    def plain_text(self) -> str:
        """The printed words, one line each: for tests, logs and screen readers."""
        return "\n".join(line.text for line in self.text_lines())
