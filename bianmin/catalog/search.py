"""Search-as-you-type over one hall's scenarios, and the kiosk's small input method.

Built once per catalog version from plain records (no database, no web) and then only read,
so one index serves every request of a process. Ranking, best first (docs/search.md):

====================  =====  ==================================================
rule                  score  the query (characters or pinyin) matches …
====================  =====  ==================================================
exact                 1000   the whole name
prefix                 900   the start of the name
word                   800   whole words inside the name (catalog vocabulary)
inside                 700   anywhere inside the name
order                  600   the name's characters in order, with gaps (Chinese)
matter/department/…    400   the matter, department, domain or a window number
materials              200   the checklist (Chinese text only)
====================  =====  ==================================================

Each unit typed as an abbreviation (``c`` for 出) costs a point, so ``chushengdengji``
ranks above ``csdj`` on the same name; then shorter names come first, then catalog order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bianmin.catalog.pinyin import (
    Spelled,
    full_spellings,
    has_letters,
    is_cjk,
    match_at,
    normalize_query,
    spell,
    symbols_only,
    trailing_letters,
    whole_syllables,
)
from bianmin.catalog.vocabulary import Vocabulary

EXACT, PREFIX, WORD, INSIDE, ORDER, FIELD, MATERIALS = 1000, 900, 800, 700, 600, 400, 200
RULES = {EXACT: "exact", PREFIX: "prefix", WORD: "word", INSIDE: "inside", ORDER: "order",
         FIELD: "field", MATERIALS: "materials"}
# abbreviation costs stop here, so that no match falls into the rule below
MAX_PENALTY = 60
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_WINDOW_QUERY = re.compile(r"^(?:(\d{1,3})(?:号|号窗口|号窗)?|窗口(\d{1,3})号?)$")


@dataclass(frozen=True)
class SearchRecord:
    """What the index needs to know about one scenario."""

    scenario_id: int
    name: str
    matter: str = ""
    department: str = ""
    domain: str = ""
    windows: tuple[int, ...] = ()
    materials: tuple[str, ...] = ()
    # place in the catalog; ties are broken by it (default: order given to build)
    position: int | None = None


@dataclass(frozen=True)
class Hit:
    scenario_id: int
    score: int
    # which field matched best: name, matter, department, domain, window, materials
    field: str
    # which ranking rule applied: exact, prefix, word, inside, order, field, materials
    rule: str
    # where the name matched, as character offsets into the name (for highlighting)
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Suggestion:
    """A word from the catalog offered for typed pinyin; tapping it replaces ``consumed``."""

    word: str
    pinyin: str
    # how many of the letters being typed (the run of letters that ends the query), counted
    # from their start, this word stands for: 高龄 for gaolingbutie is 7, butie stays
    consumed: int


@dataclass(frozen=True)
class _Entry:
    record: SearchRecord
    position: int
    name: Spelled
    # unit indices where a word of the name starts or ends
    bounds: frozenset[int]
    fields: tuple[tuple[str, Spelled], ...]
    materials: str


@dataclass(frozen=True)
class _Word:
    word: str
    spelled: Spelled
    spellings: frozenset[str]
    names: int
    first_seen: int


@dataclass(frozen=True)
class _Match:
    score: int
    rule: int
    start: int
    end: int


@dataclass
class SearchIndex:
    """All scenarios of one hall, ready to be searched on every keystroke."""

    entries: list[_Entry] = field(repr=False)
    vocabulary: Vocabulary = field(repr=False)
    words: list[_Word] = field(repr=False)
    # the first one or two symbols typed → entries / words where a pinyin match can start
    entry_keys: dict[str, list[int]] = field(repr=False)
    word_keys: dict[str, list[int]] = field(repr=False)
    by_window: dict[int, list[int]] = field(repr=False)

    @classmethod
    def build(cls, records: Iterable[SearchRecord]) -> SearchIndex:
        records = list(records)
        vocabulary = Vocabulary.learn(r.name for r in records)
        spelled: dict[str, Spelled] = {}  # departments and domains repeat: spell each once
        entries = [_entry(r, i, vocabulary, spelled) for i, r in enumerate(records)]
        entry_keys: dict[str, list[int]] = {}
        for number, entry in enumerate(entries):
            keys = set(entry.name.starts)
            for _, value in entry.fields:
                keys.update(value.starts)
            for key in keys:
                entry_keys.setdefault(key, []).append(number)
        words = _words(vocabulary, [r.name for r in records])
        word_keys: dict[str, list[int]] = {}
        for number, word in enumerate(words):
            for key, positions in word.spelled.starts.items():
                if positions[0] == 0:
                    word_keys.setdefault(key, []).append(number)
        by_window: dict[int, list[int]] = {}
        for number, entry in enumerate(entries):
            for window in entry.record.windows:
                by_window.setdefault(window, []).append(number)
        return cls(entries, vocabulary, words, entry_keys, word_keys, by_window)

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[Hit]:
        """Scenarios matching ``query``, best first (see the module's ranking table)."""
        text = normalize_query(query)
        limit = max(1, min(int(limit), MAX_LIMIT))
        if not text:
            return []
        best: dict[int, tuple[_Match, str]] = {}
        letters = has_letters(text)
        # pinyin can only match where its first symbols can start; Chinese is a fast find()
        # over every entry (the checklists too)
        numbers = self.entry_keys.get(text[:2], ()) if letters else range(len(self.entries))
        seen: dict[int, _Match | None] = {}  # matter, department, domain texts repeat
        for number in numbers:
            found = _search_entry(self.entries[number], text, letters, seen)
            if found:
                best[number] = found
        window = _window_number(text)
        if window is not None:
            for number in self.by_window.get(window, ()):
                if number not in best or best[number][0].score < FIELD:
                    best[number] = (_Match(FIELD, FIELD, 0, 0), "window")
        ranked = sorted(
            best.items(),
            key=lambda item: (-item[1][0].score, len(self.entries[item[0]].record.name),
                              self.entries[item[0]].position),
        )
        return [self._hit(number, match, field_name) for number, (match, field_name)
                in ranked[:limit]]

    def suggest(self, typed: str, limit: int = 8) -> list[Suggestion]:
        """Catalog words whose pinyin starts with the letters being typed (the input method).

        Order: words typed out in full syllables (gaoling → 高龄), then words typed in part or
        as initials (gaol, gl → 高龄), then longer words that start so (高龄津贴), each by the
        number of names they occur in; last, words that stand for a leading part of what was
        typed (高龄 for gaolingbutie).
        """
        letters = trailing_letters(normalize_query(typed))
        if not letters:
            return []
        ranked: list[tuple[tuple[int, ...], _Word, int]] = []
        for number in self.word_keys.get(letters[:2], ()):
            word = self.words[number]
            size = len(word.spelled)
            ends = match_at(word.spelled.units, 0, letters)
            if ends:
                end = max(ends)
                cost = ends[end]
                if end == size and letters in word.spellings:
                    kind = 0
                elif end == size:
                    kind = 1
                else:
                    kind = 2
                consumed = len(letters)
            else:
                consumed, cost = whole_syllables(word.spelled.units, letters)
                if not consumed:
                    continue
                kind = 3
            key = (kind, -consumed, cost, -word.names, size, word.first_seen)
            ranked.append((key, word, consumed))
        ranked.sort(key=lambda item: item[0])
        return [Suggestion(w.word, w.spelled.primary_pinyin(), consumed)
                for _, w, consumed in ranked[:max(1, limit)]]

    def _hit(self, number: int, match: _Match, field_name: str) -> Hit:
        entry = self.entries[number]
        span = None
        if field_name == "name" and match.end > match.start:
            span = entry.name.source_span(match.start, match.end)
        return Hit(entry.record.scenario_id, match.score, field_name, RULES[match.rule], span)


def _entry(record: SearchRecord, index: int, vocabulary: Vocabulary,
           spelled: dict[str, Spelled]) -> _Entry:
    name = spell(record.name)
    bounds = {0, len(name), *name.breaks}
    bounds.update(name.unit_index(offset) for offset in vocabulary.boundaries(record.name))
    fields = tuple(
        (field_name, spelled.get(value) or spelled.setdefault(value, spell(value)))
        for field_name, value in (("matter", record.matter), ("department", record.department),
                                  ("domain", record.domain))
        if value and value != record.name
    )
    materials = "|".join(symbols_only(m) for m in record.materials)
    position = record.position if record.position is not None else index
    return _Entry(record, position, name, frozenset(bounds), fields, materials)


def _words(vocabulary: Vocabulary, names: Sequence[str]) -> list[_Word]:
    """The input method's candidates: the vocabulary's words and every character of a name."""
    first_seen: dict[str, int] = {}
    for number, name in enumerate(names):
        for char in name:
            if is_cjk(char):
                first_seen.setdefault(char, number)
    found: list[_Word] = []
    for word, count in vocabulary.words.items():
        seen = next((i for i, n in enumerate(names) if word in n), len(names))
        found.append(_make_word(word, count, seen))
    chars_in = {c: sum(1 for n in set(names) if c in n) for c in first_seen}
    for char, seen in first_seen.items():
        if char not in vocabulary.words:
            found.append(_make_word(char, chars_in[char], seen))
    return [w for w in found if w.spelled.units and w.spelled.units[0].readings]


def _make_word(word: str, names: int, first_seen: int) -> _Word:
    spelled = spell(word)
    return _Word(word, spelled, full_spellings(spelled.units), names, first_seen)


def _search_entry(entry: _Entry, text: str, letters: bool,
                  seen: dict[int, _Match | None]) -> tuple[_Match, str] | None:
    """The best match of ``text`` in one scenario, and the field it was in.

    ``seen`` remembers field texts already matched for this query: the build spells each
    distinct text once, so the same object stands for every scenario of a department.
    """
    match = _match_name(entry, text, letters)
    if match is not None:
        return match, "name"
    best: tuple[_Match, str] | None = None
    for field_name, spelled in entry.fields:
        key = id(spelled)
        if key in seen:
            found = seen[key]
        else:
            found = seen[key] = _match_field(spelled, text, letters)
        if found is not None and (best is None or found.score > best[0].score):
            best = (found, field_name)
    if best is None and not letters and text in entry.materials:
        best = (_Match(MATERIALS, MATERIALS, 0, 0), "materials")
    return best


def _match_name(entry: _Entry, text: str, letters: bool) -> _Match | None:
    name = entry.name
    size = len(name)
    best: _Match | None = None
    for start, end, loose in _occurrences(name, text, letters):
        if start == 0 and end == size:
            rule = EXACT
        elif start == 0:
            rule = PREFIX
        elif start in entry.bounds and end in entry.bounds:
            rule = WORD
        else:
            rule = INSIDE
        match = _Match(rule - min(loose, MAX_PENALTY), rule, start, end)
        if best is None or match.score > best.score:
            best = match
    if best is None and not letters and len(text) > 1:
        span = _in_order(name.plain, text)
        if span is not None:
            best = _Match(ORDER, ORDER, *span)
    return best


def _match_field(spelled: Spelled, text: str, letters: bool) -> _Match | None:
    fewest = min((loose for _, _, loose in _occurrences(spelled, text, letters)), default=None)
    if fewest is None:
        return None
    return _Match(FIELD - min(fewest, MAX_PENALTY), FIELD, 0, 0)


def _occurrences(spelled: Spelled, text: str, letters: bool) -> Iterable[tuple[int, int, int]]:
    """(start, end, abbreviated units) of every place ``text`` matches, in units."""
    if not letters:
        plain = spelled.plain
        start = plain.find(text)
        while start >= 0:
            yield start, start + len(text), 0
            start = plain.find(text, start + 1)
        return
    for start in spelled.candidates(text):
        for end, loose in match_at(spelled.units, start, text).items():
            yield start, end, loose


def _in_order(plain: str, text: str) -> tuple[int, int] | None:
    """The span of the name holding the query's characters in order, with gaps."""
    position = plain.find(text[0])
    if position < 0:
        return None
    start = position
    for char in text[1:]:
        position = plain.find(char, position + 1)
        if position < 0:
            return None
    return start, position + 1


def _window_number(text: str) -> int | None:
    match = _WINDOW_QUERY.match(text)
    if not match:
        return None
    return int(match.group(1) or match.group(2))
