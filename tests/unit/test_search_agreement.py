"""Pinyin, initials and Chinese agree on the demo catalog: whatever a word finds, its
full pinyin and its initials find too (docs/search.md, "One word, three ways to type it")."""

from __future__ import annotations

import pytest

from bianmin.catalog.search import SearchIndex
from tests.support.demo_index import demo_index


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return demo_index()


def spellings(index: SearchIndex, word: str) -> tuple[str, str]:
    """The word's full pinyin and initials, each character in its reading in context."""
    found = next(w for w in index.words if w.word == word)
    readings = [u.readings[0] for u in found.spelled.units]
    return "".join(readings), "".join(r[0] for r in readings)


def test_every_word_of_the_vocabulary_is_found_by_its_pinyin_and_its_initials(
    index: SearchIndex,
) -> None:
    words = [w.word for w in index.words if len(w.word) > 1]
    assert len(words) > 1000  # names, matters, departments, checklists, synonyms
    failures = []
    for word in words:
        chinese = index.matching(word)
        full, initials = spellings(index, word)
        for typed in (full, initials):
            missing = chinese - index.matching(typed)
            if missing:
                failures.append(f"{word} as {typed}: {len(missing)} of {len(chinese)} missing")
    assert not failures, "\n".join(failures)


def test_every_word_the_search_matches_is_offered_by_the_input_method(index: SearchIndex) -> None:
    offered = {w.word for w in index.words}
    terms = {word for forms in index.lexicon.typings.values() for word, _ in forms}
    assert terms <= offered


@pytest.mark.parametrize("word, full, initials", [
    ("结婚", "jiehun", None),  # only inside 结婚证, in the checklists
    ("医保", "yibao", "yb"),
    ("交通", "jiaotong", "jt"),
    ("身份证", "shenfenzheng", "sfz"),
    ("户口本", "hukouben", "hkb"),
])
def test_the_words_of_the_issue_agree(index: SearchIndex, word: str, full: str,
                                      initials: str | None) -> None:
    chinese = index.matching(word)
    assert chinese
    assert chinese <= index.matching(full)
    if initials:
        assert chinese <= index.matching(initials)


def test_jiehun_finds_the_scenarios_whose_checklist_asks_for_a_marriage_certificate(
    index: SearchIndex,
) -> None:
    assert len(index.matching("结婚")) == 8
    assert index.matching("jiehun") == index.matching("结婚")


def test_the_input_method_offers_words_for_full_pinyin(index: SearchIndex) -> None:
    assert [s.word for s in index.suggest("jiaotong")][0] == "交通"
    assert "结婚证" in [s.word for s in index.suggest("jiehun")]
    assert [s.word for s in index.suggest("yibao")][0] == "医保"


def test_word_candidates_come_before_single_characters(index: SearchIndex) -> None:
    offered = [s.word for s in index.suggest("jie", limit=30)]
    singles = [i for i, w in enumerate(offered) if len(w) == 1]
    words = [i for i, w in enumerate(offered) if len(w) > 1]
    assert words and singles and max(words) < min(singles)
    assert "结" in offered


def test_initials_are_checklist_matches_only_through_whole_words(index: SearchIndex) -> None:
    # sfz is 身份证 (a word), so it reaches the checklists; random initials do not
    assert index.matching("sfz") >= index.matching("身份证")
    assert len(index.matching("zqx")) < 10
