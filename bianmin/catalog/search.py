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
materials              200   the checklist (Chinese, or pinyin in whole syllables)
====================  =====  ==================================================

Each unit typed as an abbreviation (``c`` for 出) costs a point, so ``chushengdengji``
ranks above ``csdj`` on the same name; then shorter names come first, then catalog order.

A query is also cut into words (``parts.py``): each word is searched as the Chinese word
it stands for and the catalog words the synonym table gives for it (a few points less),
fillers (我要, 办, 怎么 …) dropped; a scenario scores the mean of its words' best scores,
so the one that covers most of the query comes first. A scenario keeps the better of
this score and the whole query's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bianmin.catalog.parts import INITIALS, RAW, Lexicon, Part
from bianmin.catalog.pinyin import (
    UNFINISHED,
    Spelled,
    SyllableText,
    full_spellings,
    has_letters,
    is_cjk,
    match_at,
    normalize_query,
    spell,
    spell_word,
    syllable_text,
    symbols_only,
    trailing_letters,
    whole_syllables,
)
from bianmin.catalog.synonyms import Synonyms
from bianmin.catalog.vocabulary import MAX_WORD, Vocabulary

EXACT, PREFIX, WORD, INSIDE, ORDER, FIELD, MATERIALS = 1000, 900, 800, 700, 600, 400, 200
RULES = {EXACT: "exact", PREFIX: "prefix", WORD: "word", INSIDE: "inside", ORDER: "order",
         FIELD: "field", MATERIALS: "materials"}
# a hit found through the synonym table counts as the word itself (the table says they
# are the same thing); ties go to the shorter name as everywhere
SYNONYM_COST = 0
# a known word typed as initials (cjz for 残疾证) counts as the word, one point less, so
# that the full pinyin of a name still ranks above its initials
INITIALS_COST = 1
# several words: the rule reported for a scenario found by the mean of its words' scores
PARTS = "parts"
# a name chunk longer than this is no word the input method offers
MAX_TERM = 8
CACHED_WORDS = 2000
# abbreviation costs stop here, so that no match falls into the rule below
MAX_PENALTY = 60
PARTS_RULE = 0
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
    # the checklist's pinyin, matched in whole syllables only (shared between equal lists)
    syllables: SyllableText | None


@dataclass(frozen=True)
class _Word:
    word: str
    spelled: Spelled
    spellings: frozenset[str]
    names: int
    first_seen: int
    # how often the word occurs in every text of the catalog (checklists too)
    uses: int = 0


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
    lexicon: Lexicon = field(repr=False)
    synonyms: Synonyms = field(repr=False)
    # Chinese word → its matches in every scenario, filled as queries ask (bounded)
    _found: dict[str, dict[int, tuple[_Match, str]]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, records: Iterable[SearchRecord],
              synonyms: Synonyms | None = None) -> SearchIndex:
        records = list(records)
        synonyms = synonyms or Synonyms()
        vocabulary = Vocabulary.learn(r.name for r in records)
        spelled: dict[str, Spelled] = {}  # departments and domains repeat: spell each once
        syllables: dict[str, SyllableText] = {}  # so do checklists
        entries = [_entry(r, i, vocabulary, spelled, syllables) for i, r in enumerate(records)]
        entry_keys: dict[str, list[int]] = {}
        for number, entry in enumerate(entries):
            keys = set(entry.name.starts)
            for _, value in entry.fields:
                keys.update(value.starts)
            for key in keys:
                entry_keys.setdefault(key, []).append(number)
        terms = _terms(records, vocabulary, synonyms)
        words = _words(terms, records)
        word_keys: dict[str, list[int]] = {}
        for number, word in enumerate(words):
            for key, positions in word.spelled.starts.items():
                if positions[0] == 0:
                    word_keys.setdefault(key, []).append(number)
        by_window: dict[int, list[int]] = {}
        for number, entry in enumerate(entries):
            for window in entry.record.windows:
                by_window.setdefault(window, []).append(number)
        lexicon = Lexicon.build(terms, synonyms.fillers)
        return cls(entries, vocabulary, words, entry_keys, word_keys, by_window, lexicon,
                   synonyms)

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int = DEFAULT_LIMIT) -> list[Hit]:
        """Scenarios matching ``query``, best first (see the module's ranking table)."""
        limit = max(1, min(int(limit), MAX_LIMIT))
        best = self._matches(normalize_query(query))
        ranked = sorted(
            best.items(),
            key=lambda item: (-item[1][0].score, len(self.entries[item[0]].record.name),
                              self.entries[item[0]].position),
        )
        return [self._hit(number, match, field_name) for number, (match, field_name)
                in ranked[:limit]]

    def matching(self, query: str) -> set[int]:
        """The scenario ids ``query`` finds, however many (tests compare these)."""
        best = self._matches(normalize_query(query))
        return {self.entries[number].record.scenario_id for number in best}

    def parts(self, query: str) -> list[Part]:
        """The words ``query`` is cut into (fillers included), as the search sees them."""
        return self.lexicon.parts(normalize_query(query))

    def _matches(self, text: str) -> dict[int, tuple[_Match, str]]:
        """Every matching entry with its best match: the whole query's or its words'."""
        if not text:
            return {}
        best = self._whole(text)
        parts = self.lexicon.parts(text)
        content = [p for p in parts if not p.filler] or parts
        if len(content) == 1 and content[0].typed == RAW and content[0].text == text:
            return best  # one run no word covers: the whole query says it all
        for number, found in self._by_parts(content).items():
            if number not in best or found[0].score > best[number][0].score:
                best[number] = found
        return best

    def _whole(self, text: str) -> dict[int, tuple[_Match, str]]:
        """The query as one string: the rules of the ranking table."""
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
        if letters and text.isalpha() and len(text) > 3:
            # checklists in whole syllables: jiehun finds 结婚证 as 结婚 does
            checked: dict[int, bool] = {}
            for number, entry in enumerate(self.entries):
                if number in best or entry.syllables is None:
                    continue
                key = id(entry.syllables)
                if key not in checked:
                    checked[key] = entry.syllables.has(text)
                if checked[key]:
                    best[number] = (_Match(MATERIALS, MATERIALS, 0, 0), "materials")
        window = _window_number(text)
        if window is not None:
            for number in self.by_window.get(window, ()):
                if number not in best or best[number][0].score < FIELD:
                    best[number] = (_Match(FIELD, FIELD, 0, 0), "window")
        return best

    def _by_parts(self, parts: list[Part]) -> dict[int, tuple[_Match, str]]:
        """Each word's best match per scenario, weighed by its length in characters.

        Kept: the scenarios whose name and fields (matter, department, domain, window)
        cover the most of the query, checklist hits not counted (with none, those whose
        checklists cover the most); scored by the weighted mean of their words' scores,
        checklists included (a word not covered counts 0).
        """
        per_part = [self._part(part) for part in parts]
        if len(per_part) == 1:
            return per_part[0]
        weights = [part.weight for part in parts]
        # number → [weight covered by name or fields, weight covered, weighted scores]
        totals: dict[int, list[int]] = {}
        strongest: dict[int, tuple[_Match, str]] = {}
        for found, weight in zip(per_part, weights, strict=True):
            for number, (match, field_name) in found.items():
                total = totals.setdefault(number, [0, 0, 0])
                total[0] += weight if match.rule != MATERIALS else 0
                total[1] += weight
                total[2] += match.score * weight
                if number not in strongest or match.score > strongest[number][0].score:
                    strongest[number] = (match, field_name)
        most = max(((strong, covered) if strong else (0, covered)
                    for strong, covered, _ in totals.values()), default=(0, 0))
        combined: dict[int, tuple[_Match, str]] = {}
        for number, (strong, covered, total) in totals.items():
            if strong == most[0] and (strong or covered == most[1]):
                match, field_name = strongest[number]
                score = round(total / sum(weights))
                combined[number] = (_Match(score, PARTS_RULE, match.start, match.end),
                                    field_name)
        return combined

    def _part(self, part: Part) -> dict[int, tuple[_Match, str]]:
        if part.typed == RAW:
            # short runs (the j of tuiyij) recur on every keystroke: remember them
            return self._chinese(part.text) if len(part.text) <= 3 else self._whole(part.text)
        cost = INITIALS_COST if part.typed == INITIALS else 0
        best: dict[int, tuple[_Match, str]] = {}
        for word in part.words:
            targets = [(word, cost)] + [(t, cost + SYNONYM_COST)
                                        for t in self.synonyms.expand(word)]
            for target, extra in targets:
                for number, (match, field_name) in self._chinese(target).items():
                    score = match.score - extra
                    if number not in best or score > best[number][0].score:
                        best[number] = (_Match(score, match.rule, match.start, match.end),
                                        field_name)
        return best

    def _chinese(self, word: str) -> dict[int, tuple[_Match, str]]:
        """Where a word (or a short raw run) matches, in every scenario (remembered)."""
        found = self._found.get(word)
        if found is None:
            text = normalize_query(word)
            found = self._whole(text) if text else {}
            if len(self._found) >= CACHED_WORDS:
                self._found.clear()
            self._found[word] = found
        return found

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
            # words typed without abbreviations first (jie: 结婚证 before 金额, j+e)
            key = (size == 1, cost > UNFINISHED, kind, -consumed, cost, -word.names,
                   -word.uses, size, word.first_seen)
            ranked.append((key, word, consumed))
        ranked.sort(key=lambda item: item[0])
        return [Suggestion(w.word, w.spelled.primary_pinyin(), consumed)
                for _, w, consumed in ranked[:max(1, limit)]]

    def _hit(self, number: int, match: _Match, field_name: str) -> Hit:
        entry = self.entries[number]
        span = None
        if field_name == "name" and match.end > match.start:
            span = entry.name.source_span(match.start, match.end)
        rule = PARTS if match.rule == PARTS_RULE else RULES[match.rule]
        return Hit(entry.record.scenario_id, match.score, field_name, rule, span)


def _entry(record: SearchRecord, index: int, vocabulary: Vocabulary,
           spelled: dict[str, Spelled], syllables: dict[str, SyllableText]) -> _Entry:
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
    spoken = None
    if materials:
        spoken = syllables.get(materials) or syllables.setdefault(materials,
                                                                  syllable_text(materials))
    position = record.position if record.position is not None else index
    return _Entry(record, position, name, frozenset(bounds), fields, materials, spoken)


def _terms(records: Sequence[SearchRecord], vocabulary: Vocabulary,
           synonyms: Synonyms) -> list[str]:
    """Every word the search looks for, and so every word the input method offers.

    The words learnt from the names, the pieces each name is cut into, the words learnt
    from matters, departments and checklists (结婚证, 身份证, 营业执照), the synonym
    table's visitors' words and catalog words, and the fillers.
    """
    names = list(dict.fromkeys(r.name for r in records))
    terms: dict[str, None] = dict.fromkeys(vocabulary.words)
    for name in names:
        for start, end in vocabulary.segment(name):
            if 2 <= end - start <= MAX_TERM:
                terms[name[start:end]] = None
    others = {t for r in records for t in (r.matter, r.department, *r.materials) if t}
    terms.update(dict.fromkeys(Vocabulary.learn(sorted(others)).words))
    for word, targets in synonyms.words.items():
        terms[word] = None
        terms.update(dict.fromkeys(t for t in targets if len(t) <= MAX_TERM))
    terms.update(dict.fromkeys(sorted(synonyms.fillers)))
    return [t for t in terms if 2 <= len(t) <= max(MAX_TERM, MAX_WORD) and all(
        is_cjk(c) for c in t) or len(t) == 1 and t in synonyms.fillers]


def _words(terms: Sequence[str], records: Sequence[SearchRecord]) -> list[_Word]:
    """The input method's candidates: every term, and every character of the catalog."""
    names = [r.name for r in records]
    corpus = "|".join(dict.fromkeys(
        t for r in records for t in (r.name, r.matter, r.department, *r.materials) if t))
    first_name: dict[str, int] = {}
    for number, name in enumerate(names):
        for char in name:
            if is_cjk(char):
                first_name.setdefault(char, number)
    chars = dict.fromkeys(c for c in corpus + "".join(terms) if is_cjk(c))
    distinct = set(names)
    found: list[_Word] = []
    for word in dict.fromkeys([*terms, *chars]):
        if len(word) == 1 and word in first_name:
            seen = first_name[word]
        else:
            seen = next((i for i, n in enumerate(names) if word in n), len(names))
        in_names = sum(1 for n in distinct if word in n)
        found.append(_make_word(word, in_names, seen, corpus.count(word)))
    return [w for w in found if w.spelled.units and w.spelled.units[0].readings]


def _make_word(word: str, names: int, first_seen: int, uses: int = 0) -> _Word:
    spelled = spell_word(word)
    return _Word(word, spelled, full_spellings(spelled.units), names, first_seen, uses)


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
