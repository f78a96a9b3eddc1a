"""Display width and line breaking for a thermal printer's text grid.

A Chinese ESC/POS printer prints ASCII in one half-width column and every GB18030
double-byte character (CJK, full-width punctuation, 《》, “”) in two. Anything that is not
printable ASCII is counted as two: over-counting can only leave a gap, never overflow a line.
"""

from __future__ import annotations

import re
import unicodedata

# may not begin a line: closing brackets and punctuation that follow a word
NO_LINE_START = frozenset("，。、；：？！）》〉」』】〕〗”’…—%,.;:?!)]}")
# may not end a line: opening brackets
NO_LINE_END = frozenset("（《〈「『【〔〖“‘([{")

_ASCII_WORD = re.compile(r"[!-~]+")


def char_width(ch: str) -> int:
    if " " <= ch <= "~":
        return 1
    if unicodedata.combining(ch):
        return 0
    return 2


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def clean_text(text: str) -> str:
    """One line of printable text: control characters (ESC, tabs, newlines) become spaces.

    Catalog text is pasted from spreadsheets; a stray ESC byte must never reach the printer
    as a command.
    """
    chars = [" " if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} else ch for ch in text]
    return re.sub(r" {2,}", " ", "".join(chars)).strip()


def _units(text: str) -> list[str]:
    """Unbreakable pieces: an ASCII word, one space, or one other character."""
    units: list[str] = []
    pos = 0
    while pos < len(text):
        match = _ASCII_WORD.match(text, pos)
        if match:
            units.append(match.group())
            pos = match.end()
        else:
            units.append(text[pos])
            pos += 1
    return units


def _split_long(unit: str, width: int) -> list[str]:
    """An ASCII word longer than a whole line (a URL) is cut at the line width."""
    return [unit[i : i + width] for i in range(0, len(unit), width)]


def wrap(text: str, width: int, *, first_prefix: str = "", indent: str = "") -> list[str]:
    """Break ``text`` into lines of at most ``width`` columns; nothing is ever dropped.

    ``first_prefix`` starts the first line (an item number) and ``indent`` every other line,
    which gives the hanging indent. Closing punctuation is kept off the start of a line by
    carrying the previous character over; opening brackets are kept off the end.
    """
    if width < 2 + max(display_width(first_prefix), display_width(indent)):
        raise ValueError(f"line width {width} too narrow for the indent")
    lines: list[list[str]] = [[]]
    prefixes = [first_prefix]
    used = display_width(first_prefix)

    def new_line() -> None:
        nonlocal used
        lines.append([])
        prefixes.append(indent)
        used = display_width(indent)

    for unit in _units(clean_text(text)):
        size = display_width(unit)
        if used + size <= width:
            lines[-1].append(unit)
            used += size
            continue
        if unit == " ":
            new_line()  # a break at a space swallows the space
            continue
        room = width - display_width(indent)
        if size > room:  # a word longer than a line: fill what is left, then whole lines
            pieces = _split_long(unit, room)
            for piece in pieces:
                if used + display_width(piece) > width:
                    new_line()
                lines[-1].append(piece)
                used += display_width(piece)
            continue
        carried = _carry_over(lines[-1], unit)
        if display_width("".join(carried)) + size > room:
            lines[-1].extend(carried)  # carrying would overflow the next line: break here
            carried = []
        new_line()
        for piece in [*carried, unit]:
            lines[-1].append(piece)
            used += display_width(piece)
    return [
        (prefix + "".join(units)).rstrip()
        for prefix, units in zip(prefixes, lines, strict=True)
        if units or prefix.strip()
    ]


def _carry_over(line: list[str], next_unit: str) -> list[str]:
    """Units to move from the end of ``line`` to the next one, for line-start/end rules.

    Before closing punctuation the character it belongs to moves along with it (and any
    closing punctuation already between them: "底）" before "；"). At least one unit always
    stays behind, so a line never empties.
    """
    cut = len(line)
    if next_unit[0] in NO_LINE_START:
        while cut > 0 and line[cut - 1][-1] in NO_LINE_START:
            cut -= 1
        cut = cut - 1 if cut > 1 else len(line)
    while 1 < cut and line[cut - 1] in NO_LINE_END:
        cut -= 1
    carried = line[cut:]
    del line[cut:]
    return carried
