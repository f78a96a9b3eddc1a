"""The rating tablet's small input method: remark words with their pinyin, for the page.

The tablet has no Chinese keyboard. The visitor types pinyin on the on-screen keyboard
and taps a word; the words are a short list (``ime_words.txt``) of what people write in
a remark, spelled here once with pypinyin so the page only compares letters. Pure.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from pypinyin import Style, lazy_pinyin


def _words() -> list[str]:
    text = resources.files("bianmin.rate").joinpath("ime_words.txt").read_text("utf-8")
    seen: dict[str, None] = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        for word in line.split():
            seen.setdefault(word, None)
    return list(seen)


@lru_cache(maxsize=1)
def vocabulary() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(word, toneless syllables) in the file's order; ü is written v, as typed."""
    return tuple(
        (word, tuple(s.replace("ü", "v") for s in lazy_pinyin(word, style=Style.NORMAL,
                                                              v_to_u=False)))
        for word in _words()
    )


def vocabulary_json() -> list[list[str]]:
    """The vocabulary as the page reads it: ``[word, "syl syl …"]``."""
    return [[word, " ".join(syllables)] for word, syllables in vocabulary()]
