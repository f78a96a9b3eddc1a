"""Words learnt from a catalog's own scenario names, and the pinyin normalisation."""

from __future__ import annotations

from bianmin.catalog.pinyin import char_readings, normalize_query, spell
from bianmin.catalog.vocabulary import Vocabulary, chunks


def test_a_string_repeated_in_several_names_with_varied_neighbours_is_a_word() -> None:
    vocabulary = Vocabulary.learn(["高龄津贴的审核", "困难高龄补贴", "高龄老人体检"])
    assert "高龄" in vocabulary.words
    assert vocabulary.words["高龄"] == 3


def test_a_string_in_one_name_only_is_no_word() -> None:
    vocabulary = Vocabulary.learn(["高龄津贴的审核", "出生登记"])
    assert "高龄" not in vocabulary.words


def test_a_fragment_always_beside_the_same_character_is_no_word() -> None:
    # 助金 only ever follows 补: the word is 补助金
    vocabulary = Vocabulary.learn(["生活补助金的给付", "丧葬补助金的给付", "经济补助金发放"])
    assert "补助金" in vocabulary.words
    assert "助金" not in vocabulary.words


def test_function_characters_and_punctuation_split_names() -> None:
    assert chunks("对申请廉租住房保障的审核和服务管理") == [
        (1, "申请廉租住房保障"), (10, "审核"), (13, "服务管理"),
    ]
    assert chunks("营业执照注销（清税证明）") == [(0, "营业执照注销"), (7, "清税证明")]


def test_a_leading_dui_that_starts_a_word_is_kept() -> None:
    assert chunks("对象认定")[0] == (0, "对象认定")


def test_compound_words_keep_the_boundaries_of_their_parts() -> None:
    vocabulary = Vocabulary.learn(["出生登记", "新生儿出生登记", "出生医学证明", "生育登记"])
    bounds = vocabulary.boundaries("新生儿出生登记")
    assert {3, 5, 7} <= bounds


def test_query_normalisation_removes_tones_spaces_and_punctuation() -> None:
    assert normalize_query(" Gāo  Líng！") == "gaoling"
    assert normalize_query("gao1ling2") == "gaoling"
    assert normalize_query("lü lu:") == "lvlv"
    assert normalize_query("ＧＬ津贴") == "gl津贴"


def test_digits_that_are_not_tones_stay() -> None:
    assert normalize_query("62团") == "62团"
    assert normalize_query("15号窗口") == "15号窗口"


def test_every_reading_of_a_polyphonic_character_is_kept() -> None:
    assert {"zhong", "chong"} <= set(char_readings("重"))
    assert {"lve", "lue"} <= set(char_readings("略"))


def test_the_reading_in_context_comes_first() -> None:
    units = spell("银行").units
    assert units[1].readings[0] == "hang"
    units = spell("行走").units
    assert units[0].readings[0] == "xing"
