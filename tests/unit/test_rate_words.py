"""What the rating screens are given: the levels in the tablet's order, the reasons, the
ready phrases, and the input method's words spelled in syllables the keyboard can type."""

from __future__ import annotations

from bianmin.catalog.pinyin import SYLLABLES
from bianmin.rate.ime import vocabulary, vocabulary_json
from bianmin.rate.words import FACES, PHRASES, levels_json, reasons_json
from bianmin.ratings.levels import LEVELS, MAX_REMARK, REASONS, is_bad


def test_levels_run_from_best_to_worst_and_only_bad_ones_ask_for_reasons() -> None:
    levels = levels_json()
    assert [level["level"] for level in levels] == [5, 4, 3, 2, 1]
    assert [level["label"] for level in levels] == [LEVELS[n] for n in (5, 4, 3, 2, 1)]
    assert [level["needs_reasons"] for level in levels] == [False, False, False, True, True]
    assert all(level["needs_reasons"] == is_bad(level["level"]) for level in levels)
    assert len({level["face"] for level in levels}) == 5 and set(FACES) == set(LEVELS)


def test_reasons_are_the_domains_in_its_order() -> None:
    assert [(r["code"], r["label"]) for r in reasons_json()] == list(REASONS.items())


def test_every_phrase_fits_in_a_remark_and_none_repeats() -> None:
    assert len(set(PHRASES)) == len(PHRASES)
    assert all(0 < len(p) <= 12 for p in PHRASES)  # one tap, one line on the tablet
    assert len("，".join(PHRASES)) <= MAX_REMARK


def test_every_word_is_spelled_in_syllables_the_keyboard_can_type() -> None:
    words = vocabulary()
    assert len(words) > 200
    assert len({word for word, _ in words}) == len(words)
    for word, syllables in words:
        assert len(syllables) == len(word), word
        for syllable in syllables:
            assert syllable.isascii() and syllable.isalpha() and syllable.islower(), (word, syllable)
            assert syllable in SYLLABLES, (word, syllable)


def test_the_page_gets_words_with_space_separated_spellings() -> None:
    pairs = dict(vocabulary_json())
    assert pairs["态度"] == "tai du"
    assert pairs["绿色通道"] == "lv se tong dao"  # ü typed as v
    assert pairs["工作人员"] == "gong zuo ren yuan"
