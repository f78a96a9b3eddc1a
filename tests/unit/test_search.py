"""The search index on a small catalog built here: what visitors type, and how hits rank."""

from __future__ import annotations

import pytest

from bianmin.catalog.search import SearchIndex, SearchRecord

# (name, matter, department, domain, windows, materials), in catalog order
CATALOG = [
    ("困难高龄补贴", "", "62团便民服务中心", "社会救助", (7,), ()),
    ("高龄津贴的审核", "高龄补贴的审核", "62团便民服务中心", "社会救助", (7,),
     ("本人身份证复印件1份", "一寸照片")),
    ("出生医学证明补办", "", "卫生健康委员会", "卫生健康", (5,), ()),
    ("出生登记", "户口登记", "公安局", "户籍", (24,), ("出生医学证明", "父母户口本")),
    ("新生儿出生登记", "户口登记", "公安局", "户籍", (24,), ()),
    ("死亡注销户口", "户口登记", "公安局", "户籍", (25,), ("死亡证明",)),
    ("房屋登记簿", "", "自然资源局", "不动产", (3,), ()),
    ("土地登记簿查询", "", "自然资源局", "不动产", (3,), ()),
    ("对申请重度残疾人护理补贴的初审", "", "残联", "残疾人服务", (9,), ()),
    ("长期居住人员备案", "异地就医备案", "医保局", "医疗保障", (15, 16), ()),
    ("绿色通道预约", "", "62团便民服务中心", "综合服务", (1,), ()),
    ("银行账户开户", "", "税务局", "税务", (6,), ("公安局开具的户籍证明",)),
    ("住房贷款还款证明", "", "住建局", "住房保障", (2,), ()),
    ("种植补贴申报", "", "农业农村局", "农业", (3,), ()),
    ("西藏户籍迁入", "", "公安局", "户籍", (25,), ()),
    ("最低生活保障金给付", "", "62团便民服务中心", "社会救助", (10,), ()),
    ("生育登记", "", "卫生健康委员会", "卫生健康", (8,), ()),
    ("参保登记", "", "医保局", "医疗保障", (15,), ()),
]


def records() -> list[SearchRecord]:
    return [
        SearchRecord(number, name, matter, department, domain, windows, materials)
        for number, (name, matter, department, domain, windows, materials)
        in enumerate(CATALOG, start=1)
    ]


NAMES = {number: row[0] for number, row in enumerate(CATALOG, start=1)}


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(records())


def names(index: SearchIndex, query: str, limit: int = 20) -> list[str]:
    return [NAMES[hit.scenario_id] for hit in index.search(query, limit)]


def first(index: SearchIndex, query: str) -> str:
    found = names(index, query)
    assert found, f"nothing found for {query!r}"
    return found[0]


# --- what visitors type ---------------------------------------------------------------

def test_chinese_substring_finds_the_name(index: SearchIndex) -> None:
    assert names(index, "护理补贴") == ["对申请重度残疾人护理补贴的初审"]


def test_chinese_characters_in_order_with_gaps_find_the_name(index: SearchIndex) -> None:
    assert names(index, "最低保障") == ["最低生活保障金给付"]
    assert index.search("最低保障")[0].rule == "order"


def test_full_pinyin_finds_the_name(index: SearchIndex) -> None:
    assert first(index, "gaoling") == "高龄津贴的审核"
    assert set(names(index, "gaoling")) == {"高龄津贴的审核", "困难高龄补贴"}


def test_full_pinyin_of_the_whole_name_is_an_exact_match(index: SearchIndex) -> None:
    hits = index.search("chushengdengji")
    assert [NAMES[h.scenario_id] for h in hits] == ["出生登记", "新生儿出生登记"]
    assert [h.rule for h in hits] == ["exact", "word"]


def test_pinyin_with_spaces_tone_marks_or_tone_digits_matches(index: SearchIndex) -> None:
    for typed in ["gao ling", "gāo líng", "gao1 ling2", "GAO LING"]:
        assert first(index, typed) == "高龄津贴的审核", typed


def test_initials_find_the_name(index: SearchIndex) -> None:
    assert first(index, "csdj") == "出生登记"


def test_full_pinyin_mixed_with_initials_finds_the_name(index: SearchIndex) -> None:
    assert names(index, "gaolingjt") == ["高龄津贴的审核"]


def test_initials_mixed_with_characters_find_the_name(index: SearchIndex) -> None:
    assert names(index, "gl津贴") == ["高龄津贴的审核"]
    assert names(index, "高龄jt") == ["高龄津贴的审核"]


def test_upper_case_and_full_width_letters_are_folded(index: SearchIndex) -> None:
    assert first(index, "GAOLING") == "高龄津贴的审核"
    assert first(index, "ＣＳＤＪ") == "出生登记"


def test_v_and_u_colon_and_u_umlaut_all_stand_for_u_umlaut(index: SearchIndex) -> None:
    for typed in ["lv", "lvse", "lu:se", "lüsetongdao", "LVSTD"]:
        assert first(index, typed) == "绿色通道预约", typed


def test_partial_last_syllable_matches_on_every_keystroke(index: SearchIndex) -> None:
    typed = "gaolingjintie"
    for end in range(3, len(typed) + 1):
        assert first(index, typed[:end]) == "高龄津贴的审核", typed[:end]


def test_first_keystroke_already_finds_names_starting_with_that_letter(index: SearchIndex) -> None:
    hits = index.search("g")
    assert NAMES[hits[0].scenario_id] == "高龄津贴的审核"
    assert hits[0].rule == "prefix"
    # 出生登记 has no g in its name, only in its department (公安局)
    assert {h.field for h in hits if NAMES[h.scenario_id] == "出生登记"} == {"department"}


@pytest.mark.parametrize(
    ("readings", "name"),
    [
        (["zhongdu", "chongdu"], "对申请重度残疾人护理补贴的初审"),
        (["changqi", "zhangqi"], "长期居住人员备案"),
        (["yinhang", "yinxing"], "银行账户开户"),
        (["huankuan", "haikuan"], "住房贷款还款证明"),
        (["zhongzhi", "chongzhi"], "种植补贴申报"),
        (["xizang", "xicang"], "西藏户籍迁入"),
    ],
)
def test_polyphonic_characters_match_either_reading(
    index: SearchIndex, readings: list[str], name: str
) -> None:
    for typed in readings:
        assert first(index, typed) == name, typed


def test_reading_in_context_ranks_above_the_other_reading(index: SearchIndex) -> None:
    usual = index.search("yinhang")[0]
    other = index.search("yinxing")[0]
    assert usual.scenario_id == other.scenario_id
    assert usual.score > other.score


def test_window_number_finds_the_scenarios_served_there(index: SearchIndex) -> None:
    for typed in ["24", "24号", "24号窗口", "窗口24"]:
        assert set(names(index, typed)) == {"出生登记", "新生儿出生登记"}, typed
        assert index.search(typed)[0].field == "window"


def test_materials_are_searched_in_chinese(index: SearchIndex) -> None:
    hits = index.search("身份证复印件")
    assert [NAMES[h.scenario_id] for h in hits] == ["高龄津贴的审核"]
    assert hits[0].field == "materials"


def test_nothing_matches_returns_an_empty_list(index: SearchIndex) -> None:
    assert index.search("qqqq") == []
    assert index.search("火星登陆") == []


def test_blank_or_punctuation_only_query_returns_nothing(index: SearchIndex) -> None:
    assert index.search("") == []
    assert index.search("   ") == []
    assert index.search("，。！") == []


def test_an_empty_catalog_finds_nothing() -> None:
    empty = SearchIndex.build([])
    assert empty.search("gaoling") == []
    assert empty.search("高龄") == []
    assert empty.suggest("gao") == []


def test_limit_caps_the_number_of_hits(index: SearchIndex) -> None:
    assert len(index.search("d", limit=2)) == 2
    assert len(index.search("d", limit=50)) > 2


def test_hit_span_marks_the_matched_characters_of_the_name(index: SearchIndex) -> None:
    hit = index.search("jintie")[0]
    assert NAMES[hit.scenario_id] == "高龄津贴的审核"
    start, end = hit.span
    assert NAMES[hit.scenario_id][start:end] == "津贴"


def test_span_skips_punctuation_in_the_original_name() -> None:
    index = SearchIndex.build([SearchRecord(1, "“电子税务局”APP业务指导")])
    hit = index.search("dianzishuiwuju")[0]
    assert "“电子税务局”APP业务指导"[slice(*hit.span)] == "电子税务局"
    assert index.search("app")[0].scenario_id == 1


# --- ranking --------------------------------------------------------------------------

def test_exact_name_ranks_above_name_prefix() -> None:
    index = SearchIndex.build([SearchRecord(1, "出生登记信息变更"), SearchRecord(2, "出生登记")])
    hits = index.search("出生登记")
    assert [h.scenario_id for h in hits] == [2, 1]
    assert [h.rule for h in hits] == ["exact", "prefix"]


def test_name_prefix_ranks_above_whole_word_in_name(index: SearchIndex) -> None:
    # 困难高龄补贴 is shorter and earlier in the catalog, yet starts with another word
    hits = index.search("高龄")
    assert [NAMES[h.scenario_id] for h in hits] == ["高龄津贴的审核", "困难高龄补贴"]
    assert [h.rule for h in hits] == ["prefix", "word"]


def test_whole_word_in_name_ranks_above_middle_of_a_word(index: SearchIndex) -> None:
    # 房屋登记簿 is shorter, but there 登记 is only the start of the word 登记簿
    hits = index.search("登记")
    ranked = [NAMES[h.scenario_id] for h in hits]
    assert ranked.index("新生儿出生登记") < ranked.index("房屋登记簿")
    rules = {NAMES[h.scenario_id]: h.rule for h in hits}
    assert rules["新生儿出生登记"] == "word"
    assert rules["房屋登记簿"] == "inside"


def test_name_ranks_above_matter_department_and_domain(index: SearchIndex) -> None:
    hits = index.search("户籍")
    assert NAMES[hits[0].scenario_id] == "西藏户籍迁入"
    assert hits[0].field == "name"
    assert {h.field for h in hits[1:]} == {"domain", "materials"}
    assert hits[1].field == "domain"


def test_matter_department_and_domain_rank_above_materials(index: SearchIndex) -> None:
    # 银行账户开户 mentions 公安局 only in its checklist
    hits = index.search("公安局")
    fields = [h.field for h in hits]
    assert fields[-1] == "materials"
    assert NAMES[hits[-1].scenario_id] == "银行账户开户"
    assert set(fields[:-1]) == {"department"}


def test_matter_matches_in_pinyin_too(index: SearchIndex) -> None:
    hits = index.search("yidijiuyi")
    assert [(NAMES[h.scenario_id], h.field) for h in hits] == [("长期居住人员备案", "matter")]


def test_initials_at_the_start_of_a_name_rank_above_the_middle(index: SearchIndex) -> None:
    hits = index.search("csdj")
    assert [NAMES[h.scenario_id] for h in hits] == ["出生登记", "新生儿出生登记"]
    assert hits[0].score > hits[1].score


def test_full_pinyin_ranks_above_initials_on_the_same_name(index: SearchIndex) -> None:
    assert index.search("chushengdengji")[0].score > index.search("csdj")[0].score


def test_shorter_name_ranks_above_longer_at_equal_match(index: SearchIndex) -> None:
    # 出生医学证明补办 comes first in the catalog; both names start with 出生
    hits = index.search("出生")
    ranked = [NAMES[h.scenario_id] for h in hits]
    assert ranked[:2] == ["出生登记", "出生医学证明补办"]
    assert hits[0].score == hits[1].score


def test_ties_keep_catalog_order() -> None:
    twins = [SearchRecord(7, "参保登记", position=2), SearchRecord(3, "生育登记", position=1),
             SearchRecord(5, "参保登记", position=0)]
    index = SearchIndex.build(twins)
    assert [h.scenario_id for h in index.search("登记")] == [5, 3, 7]


def test_order_of_records_is_catalog_order_without_positions() -> None:
    index = SearchIndex.build([SearchRecord(9, "暖气缴费"), SearchRecord(4, "暖气报停")])
    assert [h.scenario_id for h in index.search("暖气")] == [9, 4]
