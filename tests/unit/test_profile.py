"""Hall profiles: queue domains and window names as data, with clear errors for mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bianmin.catalog.demo import demo_catalog_text
from bianmin.catalog.importer import parse_catalog
from bianmin.catalog.profile import ProfileError, demo_profile, load_profile, parse_profile


def test_a_profile_maps_queues_to_domains_and_window_numbers_to_names() -> None:
    profile = parse_profile('[queues]\n"15-20号窗口" = "医疗保障"\n\n[windows]\n15 = "医疗保障窗口"\n')
    assert profile.queue_domains == {"15-20号窗口": "医疗保障"}
    assert profile.window_names == {15: "医疗保障窗口"}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[queues\n", "TOML"),
        ('[windows]\nseven = "x"\n', "不是窗口号"),
        ('[queues]\n"7号窗口" = 3\n', "非空文字"),
        ('[queues]\n"7号窗口" = ""\n', "非空文字"),
        ('queues = "7号窗口"\n', "应是一个表"),
        ('[domains]\n"7号窗口" = "x"\n', "不认识"),
    ],
)
def test_mistakes_raise_a_profile_error_saying_what_to_fix(text: str, says: str) -> None:
    with pytest.raises(ProfileError, match=says):
        parse_profile(text)


def test_a_missing_profile_file_is_a_profile_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="无法读取"):
        load_profile(tmp_path / "nope.toml")


def test_the_demo_profile_gives_every_demo_queue_a_domain_and_every_window_a_name() -> None:
    parsed = parse_catalog(demo_catalog_text())
    profile = demo_profile()
    assert set(profile.queue_domains) == {q.name for q in parsed.queues}
    assert set(profile.window_names) == set(parsed.windows)
    assert profile.queue_domains["10号窗口"] == "社会救助"
    assert profile.queue_domains["15-20号窗口"] == "医疗保障"
    assert profile.window_names[10] == "社会救助窗口"
