"""A hall's own synonyms: from its profile, through the import, into every process's index."""

from __future__ import annotations

from dataclasses import replace

from flask.testing import FlaskClient
from sqlalchemy import select

from bianmin.catalog.demo import demo_catalog_text
from bianmin.catalog.importer import parse_catalog
from bianmin.catalog.loader import load_catalog
from bianmin.catalog.models import Hall
from bianmin.catalog.profile import HallProfile, demo_profile
from bianmin.db import Database

SEARCH = "/api/v1/halls/demo/catalog/search"


def found(client: FlaskClient, query: str) -> int:
    return len(client.get(SEARCH, query_string={"q": query, "limit": 100}).get_json()["results"])


def first(client: FlaskClient, query: str) -> str | None:
    results = client.get(SEARCH, query_string={"q": query}).get_json()["results"]
    return results[0]["name"] if results else None


def reimport(db: Database, profile: HallProfile | None) -> None:
    with db.write() as session:
        hall = session.scalar(select(Hall).where(Hall.code == "demo"))
        load_catalog(session, hall, parse_catalog(demo_catalog_text()), profile)


def test_a_halls_synonyms_reach_the_search_and_survive_a_reimport_without_profile(
    client: FlaskClient, db: Database,
) -> None:
    assert first(client, "飞船证") is None
    with_packaged = found(client, "社保")  # 社保 → 社会保险, 养老保险 (synonyms.toml)
    own = {"飞船证": ("出生登记",), "社保": ()}  # one added, one packaged entry removed
    reimport(db, replace(demo_profile(), synonyms=own))
    assert first(client, "飞船证") == "出生登记"
    assert found(client, "社保") < with_packaged
    assert first(client, "feichuanzheng") == "出生登记"  # and its pinyin, like every word
    words = client.get("/api/v1/halls/demo/catalog/suggest", query_string={"q": "feichuan"})
    assert "飞船证" in words.get_json()["suggestions"]
    reimport(db, None)  # no profile: the hall keeps its entries
    assert first(client, "飞船证") == "出生登记"
    reimport(db, demo_profile())  # a profile without [synonyms]: the packaged table only
    assert first(client, "飞船证") is None
