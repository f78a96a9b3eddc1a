"""The kiosk's input method: catalog words offered for typed pinyin."""

from __future__ import annotations

import pytest

from bianmin.catalog.search import SearchIndex, SearchRecord

NAMES = [
    "高龄津贴的审核",
    "困难高龄补贴",
    "高龄老人体检",
    "高校毕业生实名登记",
    "出生登记",
    "出生医学证明补办",
    "初审意见查询",
    "生育登记",
    "最低生活保障金给付",
    "最低生活保障对象认定",
    "对申请重度残疾人护理补贴的初审",
    "重度残疾人家庭无障碍改造",
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(SearchRecord(n, name) for n, name in enumerate(NAMES, start=1))


def words(index: SearchIndex, typed: str, limit: int = 8) -> list[str]:
    return [s.word for s in index.suggest(typed, limit)]


def test_full_pinyin_of_a_catalog_word_offers_that_word_first(index: SearchIndex) -> None:
    assert words(index, "gaoling")[0] == "高龄"


def test_words_are_typed_in_part_or_as_initials(index: SearchIndex) -> None:
    assert words(index, "gaol")[0] == "高龄"
    assert "高龄" in words(index, "gl")


def test_words_come_before_single_characters(index: SearchIndex) -> None:
    offered = words(index, "gao")
    assert offered[0] == "高龄"
    assert offered.index("高龄") < offered.index("高")


def test_longer_words_that_start_with_the_typed_pinyin_follow(index: SearchIndex) -> None:
    offered = words(index, "zuidi")
    assert "最低生活保障" in offered


def test_a_word_can_stand_for_the_leading_part_of_longer_input(index: SearchIndex) -> None:
    suggestion = index.suggest("gaolingbutie")[0]
    assert (suggestion.word, suggestion.consumed) == ("高龄", len("gaoling"))


def test_a_word_is_not_offered_when_the_next_letter_continues_its_last_syllable(
    index: SearchIndex,
) -> None:
    # chu shen|g…: the g belongs to sheng, so 初审 would be wrong here
    offered = words(index, "chushengdengj", limit=20)
    assert "初审" not in offered
    assert "出生" in offered


def test_only_the_trailing_letters_of_a_mixed_query_are_looked_up(index: SearchIndex) -> None:
    assert words(index, "高龄buti")[0] == "补贴"


def test_chinese_only_or_blank_input_offers_nothing(index: SearchIndex) -> None:
    assert index.suggest("高龄") == []
    assert index.suggest("") == []


def test_polyphonic_word_is_offered_for_either_reading(index: SearchIndex) -> None:
    assert "重度残疾人" in words(index, "zhongdu")
    assert "重度残疾人" in words(index, "chongdu")


def test_suggestion_carries_the_pinyin_for_display(index: SearchIndex) -> None:
    suggestion = index.suggest("gaoling")[0]
    assert suggestion.pinyin == "gao ling"


def test_limit_caps_the_suggestions(index: SearchIndex) -> None:
    assert len(index.suggest("s", limit=3)) == 3
