"""What a ticket shows about its scenario, read once per catalog version and kept in memory.

Issuing a ticket is the hot path of the hall (a queue of visitors at the kiosks after the
doors open). The scenario's name, checklist, queue and windows change only when a catalog
is imported, which bumps ``Hall.catalog_version``; so they are loaded once per
(scenario, catalog version) instead of five queries per ticket.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bianmin.catalog.display import time_limit_text
from bianmin.catalog.models import Hall, Scenario, TimeLimitKind, WindowGroup


@dataclass(frozen=True)
class WindowInfo:
    number: int
    name: str
    phone: str


@dataclass(frozen=True)
class QueueRef:
    """A queue (window group) and the windows serving it."""

    id: int
    name: str
    prefix: str
    windows: tuple[WindowInfo, ...]


@dataclass(frozen=True)
class ScenarioCard:
    hall_id: int
    hall_code: str
    hall_name: str
    hall_timezone: str
    complaint_phone: str
    catalog_version: int
    scenario_id: int
    scenario_name: str
    active: bool
    matter: str
    materials: tuple[str, ...]
    notice: str
    time_limit: str
    role_label: str
    phone: str
    # the scenario's own queue (a transferred ticket may wait in another); None only for a
    # withdrawn matter that never had one
    queue: QueueRef | None
    # the hall's text for the foot of every ticket (服务中心设置); "" for none
    ticket_footer: str = ""
    # a long matter (承诺件: time limit in working days): not issued just before closing
    long: bool = False
    # the hall no longer handles it: no ticket; the visitor goes to ``handed_to``
    withdrawn: bool = False
    handed_to: str = ""


# keyed by (database URL, scenario id): one process may talk to several databases (tests)
_cache: dict[tuple[str, int], ScenarioCard] = {}
_lock = threading.Lock()


def scenario_card(session: Session, scenario_id: int, catalog_version: int) -> ScenarioCard | None:
    """The scenario's card for this catalog version; None if there is no such scenario."""
    key = (str(session.get_bind().url), scenario_id)
    card = _cache.get(key)
    if card is not None and card.catalog_version == catalog_version:
        return card
    card = _load(session, scenario_id)
    if card is not None:
        with _lock:
            _cache[key] = card
    return card


def _load(session: Session, scenario_id: int) -> ScenarioCard | None:
    scenario = session.scalar(
        select(Scenario)
        .where(Scenario.id == scenario_id)
        .options(
            selectinload(Scenario.materials),
            selectinload(Scenario.matter),
            selectinload(Scenario.window_group).selectinload(WindowGroup.windows),
        )
    )
    if scenario is None:
        return None
    hall = session.get(Hall, scenario.hall_id)
    queue = scenario.window_group
    return ScenarioCard(
        hall_id=hall.id,
        hall_code=hall.code,
        hall_name=hall.name,
        hall_timezone=hall.timezone,
        complaint_phone=hall.complaint_phone,
        catalog_version=hall.catalog_version,
        scenario_id=scenario.id,
        scenario_name=scenario.name,
        active=scenario.active,
        matter=scenario.matter.name if scenario.matter else "",
        materials=tuple(m.text for m in scenario.materials),
        notice=scenario.notice,
        time_limit=time_limit_text(
            scenario.time_limit_kind, scenario.time_limit_raw,
            scenario.legal_days, scenario.promised_days,
        ),
        role_label=scenario.role_label,
        phone=scenario.phone,
        queue=_queue_ref(queue) if queue is not None else None,
        ticket_footer=hall.ticket_footer,
        long=scenario.time_limit_kind == TimeLimitKind.WORKING_DAYS,
        withdrawn=scenario.withdrawn,
        handed_to=scenario.handed_to,
    )


def queue_ref(session: Session, queue_id: int) -> QueueRef:
    queue = session.scalar(
        select(WindowGroup).where(WindowGroup.id == queue_id).options(selectinload(WindowGroup.windows))
    )
    return _queue_ref(queue)


def _queue_ref(queue: WindowGroup) -> QueueRef:
    return QueueRef(
        id=queue.id,
        name=queue.name,
        prefix=queue.prefix,
        windows=tuple(WindowInfo(w.number, w.name or w.label, w.phone) for w in queue.windows),
    )
