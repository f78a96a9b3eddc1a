"""A query cut into the words a visitor typed: Chinese, full pinyin or initials, mixed.

A visitor types 我要办低保, ``woyaobandibao`` or ``wybdb``: several words, some of them
fillers. The lexicon knows every word the search can look for (the catalog's words, the
visitors' words of the synonym table, the fillers) and every way to type each one (its
characters, its full pinyin with every reading, its initials). A query is cut into the
cheapest sequence of such words; what no word covers stays a *raw* part, matched as
before (prefixes while typing, mixed pinyin). Pure: no database, no web.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bianmin.catalog.pinyin import full_spellings, is_cjk, spell_word

CHINESE, PINYIN, INITIALS, RAW = "chinese", "pinyin", "initials", "raw"
# what each kind of part costs the segmentation: known words are cheap, a character or
# letter no word covers is dear, so words win wherever they fit
WORD_COST = {CHINESE: 1.0, PINYIN: 1.0, INITIALS: 1.2}
RAW_CHAR = 2.0  # one Chinese character of no known word
RAW_LETTERS = 1.0  # a run of letters of no known word, plus per letter:
RAW_PER_LETTER = 0.6
RAW_DIGITS = 1.0
MAX_SPELLINGS = 32


@dataclass(frozen=True)
class Part:
    """One word of a query as typed, and the Chinese words it may stand for."""

    text: str
    # the words of the lexicon typed this way (several for initials and homophones);
    # empty for a raw part
    words: tuple[str, ...]
    typed: str
    filler: bool = False

    @property
    def weight(self) -> int:
        """How much of the query this part is, in Chinese characters (letters: syllables,
        about three letters each), so that covering 生育津贴 counts twice 孩子."""
        if self.words:
            return min(len(w) for w in self.words)
        if is_cjk(self.text[0]):
            return len(self.text)
        if self.text[0].isdigit():
            return 1
        return max(1, round(len(self.text) / 3))


@dataclass(frozen=True)
class Lexicon:
    """Every way to type every word a query may hold."""

    typings: dict[str, tuple[tuple[str, str], ...]]  # typed form → ((word, how), …)
    fillers: frozenset[str]
    longest: int

    @classmethod
    def build(cls, words: Iterable[str], fillers: Iterable[str] = ()) -> Lexicon:
        fillers = frozenset(fillers)
        found: dict[str, dict[str, str]] = {}
        for word in dict.fromkeys([*words, *fillers]):
            if not word or not all(is_cjk(c) for c in word):
                continue
            for typed, how in typings(word):
                known = found.setdefault(typed, {})
                # a word typed two ways by the same letters keeps the cheaper one
                if word not in known or WORD_COST[how] < WORD_COST[known[word]]:
                    known[word] = how
        table = {typed: tuple(known.items()) for typed, known in found.items()}
        return cls(table, fillers, max((len(t) for t in table), default=0))

    def parts(self, text: str) -> list[Part]:
        """The cheapest cut of a normalised query into words and raw runs."""
        size = len(text)
        # best[end] = (cost, start, (words, how) or None for a raw run)
        best: list[tuple[float, int, tuple[tuple[str, ...], str] | None]] = [
            (0.0, 0, None)] + [(float("inf"), 0, None)] * size
        for start in range(size):
            cost = best[start][0]
            if cost == float("inf"):
                continue
            for end, step, known in self._steps(text, start):
                if cost + step < best[end][0]:
                    best[end] = (cost + step, start, known)
        found: list[Part] = []
        end = size
        while end > 0:
            _, start, known = best[end]
            if known is None:
                found.append(Part(text[start:end], (), RAW))
            else:
                words, how = known
                found.append(Part(text[start:end], words, how,
                                  all(w in self.fillers for w in words)))
            end = start
        return _merge_raw(found[::-1])

    def _steps(self, text: str, start: int) -> Iterable[
            tuple[int, float, tuple[tuple[str, ...], str] | None]]:
        typings = self.typings
        for end in range(start + 1, min(len(text), start + self.longest) + 1):
            known = typings.get(text[start:end])
            if known:
                how = min((h for _, h in known), key=WORD_COST.__getitem__)
                yield end, WORD_COST[how], (tuple(w for w, _ in known), how)
        char = text[start]
        if is_cjk(char):
            yield start + 1, RAW_CHAR, None
        elif _latin(char):
            end = start
            while end < len(text) and _latin(text[end]):
                end += 1
            # every leading run of the letters: a word may follow (gaolingjt: … + jt)
            for stop in range(start + 1, end + 1):
                yield stop, RAW_LETTERS + RAW_PER_LETTER * (stop - start), None
        else:
            end = start + 1
            while end < len(text) and text[end].isdigit():
                end += 1
            yield end, RAW_DIGITS, None


def typings(word: str) -> list[tuple[str, str]]:
    """How a visitor may type ``word``: its characters, full pinyin, initials (2+ chars)."""
    units = spell_word(word).units
    found = [(word, CHINESE)]
    found += [(s, PINYIN) for s in sorted(full_spellings(units, MAX_SPELLINGS))]
    if len(units) >= 2:
        initials = [""]
        for unit in units:
            firsts = sorted({r[0] for r in unit.readings}) or [unit.char]
            initials = [i + f for i in initials for f in firsts][:MAX_SPELLINGS]
        found += [(i, INITIALS) for i in initials]
    return found


def _merge_raw(parts: list[Part]) -> list[Part]:
    """Neighbouring raw characters and digits form one raw part (孩子, 24号 stay whole)."""
    merged: list[Part] = []
    for part in parts:
        last = merged[-1] if merged else None
        if (last is not None and part.typed == RAW and last.typed == RAW
                and not _latin(part.text[0]) and not _latin(last.text[-1])):
            merged[-1] = Part(last.text + part.text, (), RAW)
        else:
            merged.append(part)
    return merged


def _latin(char: str) -> bool:
    return char.isascii() and char.isalpha()
