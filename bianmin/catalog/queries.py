"""Read functions behind the catalog screens and API: plain dicts, a fixed number of queries.

Views call these and return the result as JSON; nothing here knows about HTTP. The shapes
are the public catalog contract (docs/api.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from bianmin.catalog.display import time_limit_text
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.guide import guide_sections, withdrawn_message
from bianmin.catalog.models import QUEUE_KIND_LABELS, Hall, Matter, QueueKind, Scenario, WindowGroup
from bianmin.catalog.search import SearchIndex, SearchRecord
from bianmin.catalog.synonyms import synonyms_for
from bianmin.errors import NotFound

BROWSE_BY = ("domain", "section", "window")


class UnknownScenario(NotFound):
    code = "unknown_scenario"
    message = "没有找到这个办理事项，请返回首页重新选择。"


def get_hall(session: Session, code: str) -> Hall:
    """The hall with this code; its ``catalog_version`` tells caches whether to rebuild."""
    hall = session.scalar(select(Hall).where(Hall.code == code))
    if hall is None:
        raise UnknownHall(hall=code)
    return hall


def hall_of(hall: Hall) -> dict[str, Any]:
    return {
        "code": hall.code,
        "name": hall.name,
        "complaint_phone": hall.complaint_phone,
        "timezone": hall.timezone,
        "opening_hours": hall.opening_hours,
        "notice": hall.notice,
    }


def catalog_of(session: Session, hall: Hall) -> dict[str, Any]:
    """Everything the kiosk shows: active scenarios in catalog order, their queues, and the
    domains and sections to browse by. Three queries, whatever the size of the catalog."""
    queues = _queues(session, hall.id)
    rows = _scenarios(session, hall.id)
    # built-in scenarios of special queues are offered as the kiosk's big buttons, not
    # browsed or searched among the matters
    scenarios = [_scenario(s) for s in rows if not s.withdrawn and not s.builtin]
    return {
        "hall": hall_of(hall),
        "domains": _distinct(s["domain"] for s in scenarios),
        "sections": _distinct(s["section"] for s in scenarios),
        "queues": [_queue(q) for q in queues],
        "scenarios": scenarios,
        # matters the hall no longer handles: searchable, never browsed, no ticket
        "withdrawn": [_scenario(s) for s in rows if s.withdrawn],
        "special": [_special(s) for s in rows if s.builtin and s.window_group is not None
                    and s.window_group.active],
    }


def scenario_of(session: Session, hall: Hall, scenario_id: int) -> dict[str, Any]:
    """One scenario of this hall, as in the catalog; retired ones too (old tickets show it)."""
    found = session.scalars(
        _scenario_query().where(Scenario.hall_id == hall.id, Scenario.id == scenario_id)
    ).unique().one_or_none()
    if found is None:
        raise UnknownScenario(hall=hall.code, scenario=scenario_id)
    scenario = _scenario(found)
    scenario["active"] = found.active
    return scenario


@dataclass(frozen=True)
class Group:
    """One tile of the kiosk's browse screen."""

    key: str
    name: str
    scenario_ids: list[int]

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "count": len(self.scenario_ids),
                "scenario_ids": self.scenario_ids}


OTHER = "其他事项"


def group_by_domain(catalog: dict[str, Any]) -> list[Group]:
    """Scenarios by field of service (the queue's domain), in catalog order; none → 其他事项."""
    return _group(catalog["scenarios"], lambda s: [s["domain"] or OTHER])


def group_by_section(catalog: dict[str, Any]) -> list[Group]:
    """Scenarios by the catalog's section heading (乡镇级办结事项 …)."""
    return _group(catalog["scenarios"], lambda s: [s["section"] or OTHER])


def group_by_window(catalog: dict[str, Any]) -> list[Group]:
    """Scenarios by window number, ascending; a scenario served at several windows is under
    each of them (a visitor who knows only the window number finds it)."""
    groups = _group(catalog["scenarios"], lambda s: [str(n) for n in s["windows"]])
    named = [Group(g.key, f"{g.key}号窗口", g.scenario_ids) for g in groups]
    return sorted(named, key=lambda g: int(g.key))


GROUPINGS: dict[str, Callable[[dict[str, Any]], list[Group]]] = {
    "domain": group_by_domain,
    "section": group_by_section,
    "window": group_by_window,
}


def search_records(catalog: dict[str, Any]) -> list[SearchRecord]:
    """What the search index needs from a catalog, in catalog order; withdrawn matters last
    (a visitor asking for one must learn where to go, but a matter handled here comes first
    on equal scores)."""
    return [
        SearchRecord(
            scenario_id=s["id"], name=s["name"], matter=s["matter"],
            department=s["department"], domain=s["domain"], windows=tuple(s["windows"]),
            materials=tuple(s["materials"]), position=position,
        )
        for position, s in enumerate(searchable_scenarios(catalog))
    ]


def searchable_scenarios(catalog: dict[str, Any]) -> list[dict[str, Any]]:
    """The scenarios search finds: those handled here, then the withdrawn ones."""
    return [*catalog["scenarios"], *catalog.get("withdrawn", [])]


def summary_of(scenario: dict[str, Any]) -> dict[str, Any]:
    """The part of a scenario a result list shows (a withdrawn one says where to go)."""
    keys = ("id", "name", "matter", "department", "domain", "section", "windows", "queue",
            "withdrawn", "handed_to", "withdrawn_text")
    return {k: scenario[k] for k in keys}


@dataclass(frozen=True)
class SearchableCatalog:
    """One hall's catalog and its search index, as of one catalog version."""

    version: int
    catalog: dict[str, Any]
    index: SearchIndex
    by_id: dict[int, dict[str, Any]]


@dataclass
class SearchCache:
    """Search indexes per hall for the life of a process, rebuilt when a catalog import (in
    this process or another) has bumped ``Hall.catalog_version``."""

    entries: dict[int, SearchableCatalog] = field(default_factory=dict)
    builds: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def get(self, session: Session, hall: Hall) -> SearchableCatalog:
        entry = self.entries.get(hall.id)
        if entry is not None and entry.version == hall.catalog_version:
            return entry
        with self._lock:  # one build at a time; others wait for it instead of repeating it
            entry = self.entries.get(hall.id)
            if entry is None or entry.version != hall.catalog_version:
                catalog = catalog_of(session, hall)
                index = SearchIndex.build(search_records(catalog),
                                          synonyms_for(hall.search_synonyms))
                entry = SearchableCatalog(hall.catalog_version, catalog, index,
                                          {s["id"]: s for s in searchable_scenarios(catalog)})
                self.entries[hall.id] = entry
                self.builds += 1
            return entry


def _scenario_query():  # type: ignore[no-untyped-def]
    return select(Scenario).options(
        selectinload(Scenario.materials),
        joinedload(Scenario.matter).joinedload(Matter.department),
        joinedload(Scenario.department),
        joinedload(Scenario.window_group).selectinload(WindowGroup.windows),
    )


def _scenarios(session: Session, hall_id: int) -> list[Scenario]:
    query = _scenario_query().where(Scenario.hall_id == hall_id, Scenario.active.is_(True))
    return list(session.scalars(query.order_by(Scenario.position, Scenario.id)).unique())


def _queues(session: Session, hall_id: int) -> list[WindowGroup]:
    query = (
        select(WindowGroup)
        .where(WindowGroup.hall_id == hall_id)
        .options(selectinload(WindowGroup.windows))
        .order_by(WindowGroup.prefix, WindowGroup.id)
    )
    return list(session.scalars(query))


def _queue(group: WindowGroup) -> dict[str, Any]:
    return {"id": group.id, "name": group.name, "prefix": group.prefix,
            "windows": group.window_numbers, "domain": group.domain,
            "kind": QueueKind(group.kind).value}


def _special(s: Scenario) -> dict[str, Any]:
    """A special queue (有诉即办, 综合出件) as the kiosk's home button: its built-in scenario."""
    group = s.window_group
    kind = QueueKind(group.kind)
    return {"scenario_id": s.id, "kind": kind.value, "label": QUEUE_KIND_LABELS[kind],
            "name": group.name, "queue": {"id": group.id, "name": group.name, "prefix": group.prefix},
            "windows": group.window_numbers, "notice": s.notice}


def _scenario(s: Scenario) -> dict[str, Any]:
    group = s.window_group
    department = s.department or (s.matter.department if s.matter else None)
    # a withdrawn matter takes no ticket: no queue, no window (even if it kept an old queue)
    queue = None if s.withdrawn or group is None else group
    return {
        "id": s.id,
        "name": s.name,
        "matter": s.matter.name if s.matter else "",
        "department": department.name if department else "",
        "domain": queue.domain if queue else "",
        "section": s.section,
        "kind": s.kind or (s.matter.kind if s.matter else ""),
        "materials": [m.text for m in s.materials],
        "time_limit": {
            "raw": s.time_limit_raw,
            "kind": s.time_limit_kind.value,
            "legal_days": s.legal_days,
            "promised_days": s.promised_days,
            "text": time_limit_text(s.time_limit_kind, s.time_limit_raw, s.legal_days,
                                    s.promised_days),
        },
        "windows": queue.window_numbers if queue else [],
        "queue": {"id": queue.id, "name": queue.name, "prefix": queue.prefix} if queue else None,
        "role": s.role.value,
        "role_label": s.role_label,
        "phone": s.phone,
        "notice": s.notice,
        "guide": guide_sections(s.guide),
        "withdrawn": s.withdrawn,
        "handed_to": s.handed_to if s.withdrawn else "",
        "withdrawn_text": withdrawn_message(s.handed_to) if s.withdrawn else "",
    }


def _distinct(values: Iterable[str]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def _group(scenarios: list[dict[str, Any]],
           keys_of: Callable[[dict[str, Any]], list[str]]) -> list[Group]:
    groups: dict[str, Group] = {}
    for scenario in scenarios:
        for key in keys_of(scenario):
            groups.setdefault(key, Group(key, key, [])).scenario_ids.append(scenario["id"])
    return list(groups.values())
