"""Queries of several words: the cut into words, fillers, synonyms (packaged and per hall),
ranking by how much of the query a scenario covers; and the miss log's privacy rule."""

from __future__ import annotations

import pytest

from bianmin.catalog.misses import clean_query, refusal
from bianmin.catalog.parts import INITIALS, PINYIN, RAW, Lexicon
from bianmin.catalog.profile import ProfileError, parse_profile
from bianmin.catalog.search import SearchIndex, SearchRecord
from bianmin.catalog.synonyms import Synonyms, from_json, packaged_synonyms, to_json

CATALOG = [
    ("出生登记", "", "公安局", "户籍", ("出生医学证明", "父母结婚证")),
    ("新生儿出生登记", "", "公安局", "户籍", ()),
    ("购房迁移落户", "", "公安局", "户籍", ("购房合同",)),
    ("死亡注销户口", "", "公安局", "户籍", ("死亡证明",)),
    ("最低生活保障的初审", "", "民政", "社会救助", ("身份证",)),
    ("低保及特困残疾人家庭生活用水电暖补贴", "", "残联", "残疾人服务", ()),
    ("残疾人证新办", "", "残联", "残疾人服务", ("身份证", "户口本")),
    ("对申请重度残疾人护理补贴的初审", "", "残联", "残疾人服务", ()),
    ("对申请困难残疾人生活补贴的初审", "", "残联", "残疾人服务", ()),
    ("暖气缴费", "", "", "供暖", ()),
]
SYNONYMS = Synonyms(
    {"上户口": ("出生登记", "落户"), "低保": ("最低生活保障",), "残疾证": ("残疾人证",),
     "暖气费": ("暖气缴费",)},
    frozenset({"我要", "办", "办理", "怎么", "的", "申请"}),
)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(
        (SearchRecord(n, name, matter, dept, domain, (), materials)
         for n, (name, matter, dept, domain, materials) in enumerate(CATALOG, start=1)),
        SYNONYMS,
    )


def titles(index: SearchIndex, query: str) -> list[str]:
    return [CATALOG[h.scenario_id - 1][0] for h in index.search(query)]


def cut(index: SearchIndex, query: str) -> list[tuple[str, str, bool]]:
    return [(p.text, p.typed, p.filler) for p in index.parts(query)]


def test_a_query_is_cut_into_words_typed_any_way(index: SearchIndex) -> None:
    assert cut(index, "我要办低保") == [("我要", "chinese", True), ("办", "chinese", True),
                                   ("低保", "chinese", False)]
    assert cut(index, "woyaobandibao") == [("woyao", PINYIN, True), ("ban", PINYIN, True),
                                         ("dibao", PINYIN, False)]
    assert cut(index, "shanghukou") == [("shanghukou", PINYIN, False)]
    assert cut(index, "cjz") == [("cjz", INITIALS, False)]


def test_letters_no_word_covers_stay_one_raw_part(index: SearchIndex) -> None:
    assert cut(index, "gaol") == [("gaol", RAW, False)]
    assert cut(index, "低保xq")[-1] == ("xq", RAW, False)
    assert cut(index, "24号") == [("24号", RAW, False)]


def test_fillers_are_dropped_and_visitors_words_find_the_catalogs(index: SearchIndex) -> None:
    assert titles(index, "我要上户口")[0] == "出生登记"
    assert titles(index, "woyaoshanghukou")[0] == "出生登记"
    assert "购房迁移落户" in titles(index, "上户口")
    assert titles(index, "怎么办理残疾证")[0] == "残疾人证新办"
    assert titles(index, "cjz")[0] == "残疾人证新办"


def test_a_synonym_counts_as_the_word_and_the_shorter_name_wins_a_tie(index: SearchIndex) -> None:
    # 低保 is a prefix of the long name; 最低生活保障 (its synonym) of the shorter one
    assert titles(index, "申请低保")[:2] == ["最低生活保障的初审",
                                          "低保及特困残疾人家庭生活用水电暖补贴"]


def test_the_scenario_covering_more_of_the_query_ranks_first(index: SearchIndex) -> None:
    found = titles(index, "残疾人 护理补贴")
    assert found[0] == "对申请重度残疾人护理补贴的初审"
    # only the scenarios covering the most of the query are listed
    assert "残疾人证新办" not in titles(index, "重度残疾 护理")


def test_a_query_only_of_fillers_is_searched_as_typed(index: SearchIndex) -> None:
    assert titles(index, "申请") == ["对申请重度残疾人护理补贴的初审", "对申请困难残疾人生活补贴的初审"]


def test_single_term_queries_keep_their_rules_and_scores(index: SearchIndex) -> None:
    hit = index.search("出生登记")[0]
    assert (hit.score, hit.rule) == (1000, "exact")
    hit = index.search("csdj")[0]
    assert hit.rule == "exact" and 990 <= hit.score < 1000
    hit = index.search("新生儿 登记")[0]  # as one string: characters in order (600)
    assert CATALOG[hit.scenario_id - 1][0] == "新生儿出生登记"
    # 新生儿 at the start (900, three characters), 登记 inside (700, two)
    assert hit.rule == "parts" and hit.score == round((900 * 3 + 700 * 2) / 5)


def test_checklists_match_pinyin_in_whole_syllables_only(index: SearchIndex) -> None:
    assert titles(index, "jiehun") == ["出生登记"]  # 父母结婚证
    assert titles(index, "jieh") == []
    assert titles(index, "hetong") == ["购房迁移落户"]


def test_synonym_words_feed_the_input_method(index: SearchIndex) -> None:
    assert [s.word for s in index.suggest("shanghukou")][0] == "上户口"
    assert "暖气费" in [s.word for s in index.suggest("nuanqif")]


def test_a_hall_replaces_adds_and_removes_entries() -> None:
    base = Synonyms({"社保": ("社会保险",), "低保": ("最低生活保障",)}, frozenset({"办"}))
    merged = base.merged({"社保": ("养老保险",), "低保": (), "新农合": ("居民医保",)})
    assert merged.words == {"社保": ("养老保险",), "新农合": ("居民医保",)}
    assert merged.fillers == {"办"}
    assert from_json(to_json({"新农合": ("居民医保",)})) == {"新农合": ("居民医保",)}


def test_the_profile_takes_a_synonyms_table() -> None:
    profile = parse_profile('[synonyms]\n"新农合" = ["居民医保", "参保"]\n"社保" = []\n'
                            '"低保户" = "最低生活保障"\n')
    assert profile.synonyms == {"新农合": ("居民医保", "参保"), "社保": (),
                                "低保户": ("最低生活保障",)}
    with pytest.raises(ProfileError, match="synonyms"):
        parse_profile('[synonyms]\n"新农合" = 3\n')


def test_the_packaged_table_loads_with_fillers() -> None:
    table = packaged_synonyms()
    assert "最低生活保障" in table.expand("低保")
    assert {"我要", "办理", "怎么"} <= table.fillers
    assert len(table.words) > 150


def test_a_lexicon_offers_every_way_to_type_a_word() -> None:
    lexicon = Lexicon.build(["重度"])
    assert {"zhongdu", "chongdu", "zd", "cd", "重度"} <= set(lexicon.typings)


@pytest.mark.parametrize("query, reason", [
    ("", "empty"),
    ("13912345678", "personal_data"),
    ("身份证650102199001011234", "personal_data"),
    ("a@b.cn", "personal_data"),
    ("这是一个二十一个字的句子其中可能写着谁的名字呢", "too_long"),
    ("上户口", None),
    ("24号窗口", None),
    ("2024年补贴", None),
])
def test_the_miss_log_keeps_only_what_holds_no_personal_data(query: str,
                                                             reason: str | None) -> None:
    assert refusal(clean_query(query)) == reason


def test_queries_are_stored_folded() -> None:
    assert clean_query("  ＳＨＡＮＧ   hukou ") == "shang hukou"
