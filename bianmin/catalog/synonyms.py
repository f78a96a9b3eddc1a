"""Visitors' words for catalog words, and the filler words a query may hold.

Visitors say 上户口 or 社保; the catalog says 落户 and 社会保险. The package ships a table
(``synonyms.toml``) for the common terms of a township hall; a hall adds, replaces or
removes entries in its profile (``[synonyms]``, docs/search.md). Pure data: no database.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

from bianmin.errors import InvalidInput

PACKAGED = "synonyms.toml"
MAX_WORD = 20


class SynonymError(InvalidInput):
    code = "synonyms"
    message = "同义词表有误。"


@dataclass(frozen=True)
class Synonyms:
    """visitor word → the catalog words it stands for; and the words a query may drop."""

    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fillers: frozenset[str] = frozenset()

    def merged(self, hall: dict[str, tuple[str, ...]]) -> Synonyms:
        """This table with a hall's entries: a hall's entry replaces the packaged one of
        the same word, and an empty one removes it."""
        words = dict(self.words)
        for word, targets in hall.items():
            if targets:
                words[word] = targets
            else:
                words.pop(word, None)
        return Synonyms(words, self.fillers)

    def expand(self, word: str) -> tuple[str, ...]:
        return self.words.get(word, ())


def parse_table(table: object, source: str) -> dict[str, tuple[str, ...]]:
    """A ``[synonyms]`` table: ``"上户口" = ["落户", "出生登记"]`` (or one string)."""
    if not isinstance(table, dict):
        raise SynonymError(f"{source}的 synonyms 应是一个表（[synonyms]）。")
    found: dict[str, tuple[str, ...]] = {}
    for key, value in table.items():
        word = str(key).strip()
        values = [value] if isinstance(value, str) else value
        if (not word or len(word) > MAX_WORD or not isinstance(values, list)
                or not all(isinstance(v, str) and v.strip() and len(v) <= MAX_WORD * 2
                           for v in values)):
            raise SynonymError(
                f"{source}的 [synonyms] 里“{key}”写法不对：应写成 \"上户口\" = [\"落户\", "
                f"\"出生登记\"]（每个词不超过 {MAX_WORD} 个字；空列表表示去掉这一条）。")
        found[word] = tuple(dict.fromkeys(v.strip() for v in values if v.strip() != word))
        if not found[word] and values:
            found[word] = (word,)
    return found


@lru_cache(maxsize=1)
def packaged_synonyms() -> Synonyms:
    """The table shipped with the package (bianmin/catalog/synonyms.toml)."""
    text = files("bianmin.catalog").joinpath(PACKAGED).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    fillers = data.get("fillers", [])
    return Synonyms(parse_table(data.get("synonyms", {}), PACKAGED),
                    frozenset(str(f) for f in fillers))


def synonyms_for(stored: str | None) -> Synonyms:
    """The packaged table merged with a hall's entries as stored on the hall (JSON)."""
    base = packaged_synonyms()
    if not stored:
        return base
    return base.merged(from_json(stored))


def to_json(table: dict[str, tuple[str, ...]]) -> str:
    return json.dumps({k: list(v) for k, v in table.items()}, ensure_ascii=False,
                      sort_keys=True)


def from_json(stored: str) -> dict[str, tuple[str, ...]]:
    try:
        data: Any = json.loads(stored)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): tuple(str(v) for v in values) for k, values in data.items()
            if isinstance(values, list)}
