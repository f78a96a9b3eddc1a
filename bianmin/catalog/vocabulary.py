"""The catalog's own words, found in its scenario names, for the input method and ranking.

No general Chinese dictionary fits a township catalog (pypinyin's phrase list knows 重庆
but not 高龄 or 低保), and a kiosk must run offline, so words are learnt from the names
themselves (docs/search.md explains the choice):

1. Names are cut into chunks at punctuation and at function characters (的 和 及 与 或,
   and a leading 对 as in 对申请…).
2. A candidate word is a 2–6 character string that occurs in at least two names, is seen
   with at least two different neighbours on each side (accessor variety: 助金 always
   follows 补 or 救, so it is no word by itself), and is not always part of one longer
   string (低生 only ever occurs inside 最低生活).
3. Each chunk is segmented by the most probable sequence of candidates (a unigram model,
   counts as weights, single characters as the fallback); candidates that no segmentation
   of two names uses are dropped, and the segmentation is run once more.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bianmin.catalog.pinyin import is_cjk

FUNCTION_CHARS = frozenset("的和及与或")
LEADING_PREPOSITION = "对"
# words that start with 对 and are no preposition
NOT_PREPOSITION = ("对象", "对口", "对接", "对账", "对外")
MIN_NAMES = 2
MAX_WORD = 6
ROUNDS = 2


def chunks(text: str) -> list[tuple[int, str]]:
    """Runs of Chinese characters between punctuation and function words, with offsets."""
    found: list[tuple[int, str]] = []
    start = None
    for index, char in enumerate([*text, ""]):
        inside = bool(char) and is_cjk(char) and char not in FUNCTION_CHARS
        if inside and start is None:
            start = index
        elif not inside and start is not None:
            run = text[start:index]
            if (start == 0 and len(run) > 2 and run.startswith(LEADING_PREPOSITION)
                    and not run.startswith(NOT_PREPOSITION)):
                start, run = start + 1, run[1:]
            found.append((start, run))
            start = None
    return found


@dataclass(frozen=True)
class Vocabulary:
    """Words of one catalog with the number of names each occurs in."""

    words: dict[str, int]
    # log-probability of each word in the segmentation model
    weights: dict[str, float]
    fallback: float

    @classmethod
    def learn(cls, names: Iterable[str]) -> Vocabulary:
        distinct = list(dict.fromkeys(n for n in names if n))
        candidates = _candidates(distinct)
        words = {w: len(ids) for w, ids in candidates.items()}
        vocabulary = cls._weighted(words)
        for _ in range(ROUNDS):
            used: dict[str, set[int]] = defaultdict(set)
            for number, name in enumerate(distinct):
                for start, end in vocabulary.segment(name):
                    if end - start > 1:
                        used[name[start:end]].add(number)
            words = {w: len(ids) for w, ids in used.items() if len(ids) >= MIN_NAMES}
            vocabulary = cls._weighted(words)
        # two-character candidates stay available to the input method even where a longer
        # word won the segmentation (孤儿 inside 孤儿保障对象)
        for word, ids in candidates.items():
            if len(word) == 2:
                words.setdefault(word, len(ids))
        counts = {w: sum(1 for n in distinct if w in n) for w in words}
        final = cls._weighted(words)
        return cls(counts, final.weights, final.fallback)

    @classmethod
    def _weighted(cls, words: dict[str, int]) -> Vocabulary:
        total = sum(words.values()) + 1
        weights = {w: math.log(c / total) for w, c in words.items()}
        return cls(words, weights, math.log(0.5 / total))

    def segment(self, text: str) -> list[tuple[int, int]]:
        """Word spans of ``text`` (offsets); unknown characters in a row form one span."""
        spans: list[tuple[int, int]] = []
        for offset, run in chunks(text):
            merged: list[list[int]] = []  # [start, end, is a run of unknown characters]
            for start, end in self._best_split(run):
                single = end - start == 1
                if single and merged and merged[-1][2]:
                    merged[-1][1] = end
                else:
                    merged.append([start, end, int(single)])
            spans.extend((offset + start, offset + end) for start, end, _ in merged)
        return spans

    def boundaries(self, text: str) -> set[int]:
        """Offsets where a word starts or ends, inside compounds too (出生|登记 in 出生登记)."""
        found: set[int] = set()
        for start, end in self.segment(text):
            found.update((start, end))
            word = text[start:end]
            if len(word) >= 4 and word in self.weights:
                inner = self._best_split(word, without=word)
                if all(word[s:e] in self.weights for s, e in inner):
                    found.update(start + s for s, _ in inner)
        return found

    def _best_split(self, run: str, without: str = "") -> Sequence[tuple[int, int]]:
        size = len(run)
        best: list[tuple[float, int]] = [(0.0, 0)] + [(-math.inf, 0)] * size
        for end in range(1, size + 1):
            for start in range(max(0, end - MAX_WORD), end):
                piece = run[start:end]
                weight = self.weights.get(piece) if piece != without else None
                if weight is None:
                    if end - start > 1:
                        continue
                    weight = self.fallback
                score = best[start][0] + weight
                if score > best[end][0]:
                    best[end] = (score, start)
        pieces: list[tuple[int, int]] = []
        end = size
        while end > 0:
            start = best[end][1]
            pieces.append((start, end))
            end = start
        return pieces[::-1]


def _candidates(names: list[str]) -> dict[str, set[int]]:
    """Repeated strings with varied neighbours that are not always part of a longer one."""
    names_of: dict[str, set[int]] = defaultdict(set)
    left: dict[str, set[str]] = defaultdict(set)
    right: dict[str, set[str]] = defaultdict(set)
    for number, name in enumerate(names):
        for part, (_, run) in enumerate(chunks(name)):
            edge = f"{number}.{part}"  # a chunk edge is a new neighbour every time
            for size in range(2, MAX_WORD + 1):
                for start in range(len(run) - size + 1):
                    gram = run[start:start + size]
                    names_of[gram].add(number)
                    left[gram].add(run[start - 1] if start else "^" + edge)
                    right[gram].add(run[start + size] if start + size < len(run) else "$" + edge)
    found: dict[str, set[int]] = {}
    for gram, ids in names_of.items():
        if len(ids) < MIN_NAMES or len(left[gram]) < 2 or len(right[gram]) < 2:
            continue
        longer = [c + gram for c in left[gram] if len(c) == 1]
        longer += [gram + c for c in right[gram] if len(c) == 1]
        if any(names_of.get(other) == ids for other in longer):
            continue
        found[gram] = ids
    return found
