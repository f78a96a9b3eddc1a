"""Which clips, in which order, say one call: 请 A 零 一 二 号 到 二 十 四 号 窗口 办理.

The ticket number is read letter by letter and digit by digit (A零一二, as halls announce
it); the window number as a Chinese number (24 → 二十四). Clip names are ASCII so that they
make plain file names and URL segments (the table is in docs/display.md).
"""

from __future__ import annotations

import re

# a ticket as the hall shows it: the queue's prefix (1-2 letters) and at least 3 digits
TICKET = re.compile(r"^[A-Z]{1,2}[0-9]{3,6}$")
MAX_WINDOW = 999

DIGITS = [str(d) for d in range(10)]
LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
# the words, with what each says (the render script and the docs read this)
WORDS = {
    "qing": "请", "hao": "号", "dao": "到", "chuangkou": "窗口", "banli": "办理",
    "chonghu": "重呼", "shi": "十", "bai": "百",
}
DIGIT_WORDS = dict(zip(DIGITS, "零一二三四五六七八九", strict=True))
# the short silence put between two clips
PAUSE = "pause"
CLIP_NAMES: tuple[str, ...] = (*WORDS, *DIGITS, *LETTERS, PAUSE)


def spell_ticket(ticket: str) -> list[str]:
    """A012 → A 0 1 2: one clip per character."""
    return list(ticket)


def window_words(window: int) -> list[str]:
    """24 → 2 shi 4; 10 → shi; 105 → 1 bai 0 5; 110 → 1 bai 1 shi (as the number is said)."""
    if not 1 <= window <= MAX_WINDOW:
        raise ValueError(f"window {window} is not 1..{MAX_WINDOW}")
    hundreds, tens, ones = window // 100, window // 10 % 10, window % 10
    words: list[str] = []
    if hundreds:
        words += [str(hundreds), "bai"]
    if tens:
        # 10-19 alone are 十, 十一 …; after a hundred they are 一十 (一百一十)
        words += (["shi"] if tens == 1 and not hundreds else [str(tens), "shi"])
    elif hundreds and ones:
        words.append("0")  # 一百零五
    if ones:
        words.append(str(ones))
    return words


def sentence(ticket: str, window: int, *, recall: bool = False) -> list[str]:
    """The clip names of "（重呼）请A012号到24号窗口办理", pauses not included."""
    if not TICKET.match(ticket):
        raise ValueError(f"ticket {ticket!r} is not a ticket number")
    words = ["chonghu"] if recall else []
    return [*words, "qing", *spell_ticket(ticket), "hao", "dao", *window_words(window),
            "hao", "chuangkou", "banli"]


def chinese(names: list[str]) -> str:
    """The sentence as text, for logs and tests: 请A零一二号到二十四号窗口办理."""
    return "".join(WORDS.get(n) or DIGIT_WORDS.get(n) or ("" if n == PAUSE else n) for n in names)
