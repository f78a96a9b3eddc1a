"""Pinyin spellings of catalog text, and the matcher behind search-as-you-type.

A kiosk has no Chinese keyboard, so visitors type pinyin: in full (``gaoling``), as initials
(``csdj``), mixed with characters (``gl津贴``), with tone marks or digits, ``v`` or ``u:``
for ü, and one keystroke at a time (``gaol``). All of these are one rule here: every
Chinese character is a *unit* that may be typed as itself or as any non-empty prefix of any
of its readings. Readings are pypinyin's heteronyms plus the reading pypinyin chooses in
context, so 重 matches both ``zhong`` and ``chong``. Pure: no database, no web.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin

# What a match costs beyond typing every syllable in full with its usual reading; the
# ranking subtracts it, so that full pinyin ranks above initials on the same name.
ABBREVIATED = 2  # a unit typed as a prefix of its reading (c for 出), not the last one
UNFINISHED = 1  # the last unit typed in part (gaol…): the visitor is still typing
OTHER_READING = 1  # a heteronym other than the reading in context (chong for 重度)

# every toneless syllable pypinyin knows (ü as v), to tell where typed syllables end
SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu ca
cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou chu
chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de
dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en eng er fa
fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai
guan guang gui gun guo ha hai han hang hao he hei hen heng hm hng hong hou hu hua huai huan
huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan
kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le
lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lue lun luo lv lve m
ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n na nai nan nang
nao ne nei nen neng ng ni nia nian niang niao nie nin ning niu nong nou nu nuan nue nun nuo
nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian
qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua
ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng
shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan
tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei
wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang
yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai
zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo
zi zong zou zu zuan zui zun zuo
""".split())
_SYLLABLE_PREFIXES = frozenset(s[:i] for s in SYLLABLES for i in range(1, len(s) + 1))

_LETTERS = re.compile(r"[a-z]+")
# tone digits typed after a syllable: gao1ling2 → gaoling
_TONE_DIGIT = re.compile(r"(?<=[a-z])[0-5]")


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
    )


def is_symbol(char: str) -> bool:
    """Characters that take part in matching: Chinese, ASCII letters and digits."""
    return is_cjk(char) or (char.isascii() and char.isalnum())


def fold(text: str) -> str:
    """Full-width to half-width, upper to lower case: the form both sides are compared in."""
    return unicodedata.normalize("NFKC", text).lower()


def normalize_query(text: str) -> str:
    """What the visitor typed, reduced to symbols: no spaces, tones or punctuation; ü as v."""
    text = fold(text).replace("u:", "v")
    text = unicodedata.normalize("NFD", text).replace("u\u0308", "v")
    text = unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))
    text = "".join(c for c in text if is_symbol(c))
    return _TONE_DIGIT.sub("", text)


def symbols_only(text: str) -> str:
    return "".join(c for c in fold(text) if is_symbol(c))


def has_letters(query: str) -> bool:
    return _LETTERS.search(query) is not None


def trailing_letters(query: str) -> str:
    """The pinyin still being typed at the end of a query (``高龄jt`` → ``jt``)."""
    match = re.search(r"[a-z]+$", query)
    return match.group(0) if match else ""


@lru_cache(maxsize=20000)
def char_readings(char: str) -> tuple[str, ...]:
    """Every reading of one character, toneless, ü as v (and ``ue`` beside ``ve``: lüe)."""
    found: list[str] = []
    for reading in pinyin(char, style=Style.NORMAL, heteronym=True)[0]:
        reading = reading.lower()
        if not _LETTERS.fullmatch(reading):
            continue
        found.append(reading)
        if "ve" in reading:
            found.append(reading.replace("ve", "ue"))
    return tuple(dict.fromkeys(found))


# (typed letters, cost if more letters follow, cost if the query ends here)
Step = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class Unit:
    """One character that can be typed: itself, or a prefix of one of its readings."""

    char: str
    readings: tuple[str, ...]
    source: int  # index of the character in the original text
    # every way to type this unit, by its first symbol (shared between equal units)
    steps: dict[str, tuple[Step, ...]] = field(default_factory=dict, compare=False,
                                               repr=False)


@lru_cache(maxsize=20000)
def _steps(char: str, readings: tuple[str, ...]) -> dict[str, tuple[Step, ...]]:
    best: dict[str, tuple[int, int]] = {char: (0, 0)}
    for number, reading in enumerate(readings):
        extra = OTHER_READING if number else 0
        for length in range(1, len(reading) + 1):
            full = length == len(reading)
            costs = (extra + (0 if full else ABBREVIATED), extra + (0 if full else UNFINISHED))
            typed = reading[:length]
            if typed not in best or costs < best[typed]:
                best[typed] = costs
    grouped: dict[str, list[Step]] = {}
    for typed, (more, last) in sorted(best.items(), key=lambda item: -len(item[0])):
        grouped.setdefault(typed[0], []).append((typed, more, last))
    return {first: tuple(steps) for first, steps in grouped.items()}


@dataclass(frozen=True)
class Spelled:
    """A text prepared for matching: its units and where a match may start."""

    text: str
    units: tuple[Unit, ...]
    # unit indices preceded by punctuation or space in the original text (word breaks)
    breaks: frozenset[int]
    # the first one or two symbols of a typed query → unit indices where such a match can
    # start (g → 高; ga, gl, 高龄 → 高 in 高龄): most units are never tried at all
    starts: dict[str, tuple[int, ...]] = field(repr=False)

    def candidates(self, query: str) -> tuple[int, ...]:
        return self.starts.get(query[:2], ())

    # the units' characters joined: what Chinese queries are found in
    plain: str = field(repr=False, default="")

    def __len__(self) -> int:
        return len(self.plain)

    def unit_index(self, source: int) -> int:
        """The unit at or after original character ``source``."""
        return bisect_left([u.source for u in self.units], source)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Original character offsets of units ``start`` to ``end`` (for highlighting)."""
        return self.units[start].source, self.units[end - 1].source + 1

    def primary_pinyin(self) -> str:
        return " ".join(u.readings[0] if u.readings else u.char for u in self.units)


def spell(text: str) -> Spelled:
    """Split ``text`` into units with every reading; punctuation and spaces become breaks."""
    # fold per character so that indices stay those of the original text
    folded = "".join(fold(c)[:1] or c for c in text)
    context = _context_readings(folded)
    units: list[Unit] = []
    breaks: set[int] = set()
    for index, char in enumerate(folded):
        if not is_symbol(char):
            breaks.add(len(units))
            continue
        readings: tuple[str, ...] = ()
        if is_cjk(char):
            own = char_readings(char)
            first = context[index] if context else ""
            usual = [first] if _LETTERS.fullmatch(first) else []
            readings = tuple(dict.fromkeys(usual + list(own)))
        units.append(Unit(char, readings, index, _steps(char, readings)))
    return Spelled(text, tuple(units), frozenset(breaks), _start_keys(units),
                   "".join(u.char for u in units))


@lru_cache(maxsize=20000)
def spell_word(word: str) -> Spelled:
    """``spell`` for the short words of a vocabulary, remembered: every index build of
    every hall spells the same few thousand words (Spelled is never changed)."""
    return spell(word)


def _start_keys(units: list[Unit]) -> dict[str, tuple[int, ...]]:
    """Where a match may start, by the first symbol and by the first two symbols typed.

    A match starting at unit k types either two or more letters of one of its readings
    (key: the reading's first two letters) or one symbol of it and then the first symbol
    of unit k+1 (key: both first symbols).
    """
    firsts = [{unit.char, *(r[0] for r in unit.readings)} for unit in units]
    starts: dict[str, set[int]] = {}
    for position, unit in enumerate(units):
        keys = set(firsts[position])
        keys.update(r[:2] for r in unit.readings if len(r) > 1)
        if position + 1 < len(units):
            keys.update(a + b for a in firsts[position] for b in firsts[position + 1])
        for key in keys:
            starts.setdefault(key, set()).add(position)
    return {key: tuple(sorted(found)) for key, found in starts.items()}


def _context_readings(text: str) -> list[str] | None:
    """pypinyin's reading of each character in context (重庆 → chong), aligned with text."""
    if not any(is_cjk(c) for c in text):
        return None
    readings = lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: list(s))
    if len(readings) != len(text):
        return None
    return [r.lower() for r in readings]


def match_at(units: tuple[Unit, ...], start: int, query: str) -> dict[int, int]:
    """Every way ``query`` spells ``units[start:end]``: {end: lowest cost}.

    A unit is typed as its own character, a full reading, or a prefix of a reading; see
    the costs above. Runs on every keystroke for every candidate start, so it is kept flat.
    """
    size = len(query)
    ends: dict[int, int] = {}
    frontier = {0: 0}  # query offset reached → lowest cost so far
    for position in range(start, len(units)):
        steps = units[position].steps
        following: dict[int, int] = {}
        for offset, cost in frontier.items():
            for typed, more, last in steps.get(query[offset], ()):
                if not query.startswith(typed, offset):
                    continue
                reached = offset + len(typed)
                if reached == size:
                    total = cost + last
                    if total < ends.get(position + 1, total + 1):
                        ends[position + 1] = total
                else:
                    total = cost + more
                    if total < following.get(reached, total + 1):
                        following[reached] = total
        if not following:
            break
        frontier = following
    return ends


def whole_syllables(units: tuple[Unit, ...], query: str) -> tuple[int, int]:
    """(letters, cost) of ``query`` that all of ``units`` spells in full syllables, or (0, 0).

    The input method offers 高龄 for ``gaolingbutie`` this way: tap it, keep ``butie``. The
    letters must end where a syllable ends: 初审 (chu shen) is not offered for
    ``chushengdengji``, whose next letter makes ``sheng``.
    """
    frontier: dict[int, tuple[int, str]] = {0: (0, "")}  # offset → (cost, last syllable)
    for unit in units:
        following: dict[int, tuple[int, str]] = {}
        for offset, (cost, _) in frontier.items():
            options = [(unit.char, 0)] + [
                (reading, OTHER_READING if number else 0)
                for number, reading in enumerate(unit.readings)
            ]
            for typed, step in options:
                if query.startswith(typed, offset):
                    reached = offset + len(typed)
                    if reached not in following or cost + step < following[reached][0]:
                        following[reached] = (cost + step, typed)
        if not following:
            return 0, 0
        frontier = following
    for consumed in sorted(frontier, reverse=True):
        cost, syllable = frontier[consumed]
        if consumed == len(query) or not _continues(syllable + query[consumed]):
            return consumed, cost
    return 0, 0


def _continues(letters: str) -> bool:
    """Whether ``letters`` can still be the start of one syllable (shen + g → sheng)."""
    return letters in _SYLLABLE_PREFIXES


def full_spellings(units: tuple[Unit, ...], limit: int = 256) -> frozenset[str]:
    """The ways to type ``units`` in full syllables (heteronyms combined), at most ``limit``."""
    spellings = [""]
    for unit in units:
        options = unit.readings or (unit.char,)
        spellings = [s + o for s in spellings for o in options][:limit]
    return frozenset(spellings)


_CJK_RUN = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


@dataclass(frozen=True)
class SyllableText:
    """A long text (a checklist) as the pinyin of its characters in context.

    Checklists are matched by pinyin only in whole syllables of at least two characters
    (``jiehun`` finds 结婚证; ``jh`` or ``jie`` find nothing here): initials or a single
    syllable over hundreds of characters would match nearly every checklist.
    """

    letters: str
    # 1 at every offset of ``letters`` where a character's syllable starts or ends
    marks: bytes

    def has(self, query: str) -> bool:
        marks = self.marks
        start = self.letters.find(query)
        while start >= 0:
            end = start + len(query)
            if marks[start] and marks[end] and 1 in marks[start + 1:end]:
                return True
            start = self.letters.find(query, start + 1)
        return False


def syllable_text(text: str) -> SyllableText:
    pieces: list[str] = []
    marks = bytearray([1])
    for run in _CJK_RUN.findall(fold(text)):
        for reading in _run_readings(run):
            pieces.append(reading)
            marks.extend(b"\0" * (len(reading) - 1) + b"\1")
        pieces.append("|")  # a match never spans two runs
        marks.extend(b"\1")
    return SyllableText("".join(pieces), bytes(marks))


@lru_cache(maxsize=20000)
def _run_readings(run: str) -> tuple[str, ...]:
    """The reading in context of each character of a run (checklists repeat runs a lot)."""
    readings = lazy_pinyin(run, style=Style.NORMAL, errors=lambda s: ["?"] * len(s))
    if len(readings) != len(run):
        readings = [(char_readings(c) or ("?",))[0] for c in run]
    return tuple(r.lower().replace("ü", "v") for r in readings)
