"""Special queues (有诉即办, 综合出件) and their built-in scenarios.

Every ticket names a scenario (its checklist, its card on the slip). A special queue has
no matters of its own, so it gets exactly one built-in scenario (``Scenario.builtin``) named
after the queue: the kiosk's big home-screen button issues a ticket for it, without the
visitor choosing a matter. Catalog imports never match or retire built-in scenarios, and
search does not list them (``catalog/queries.py``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bianmin.catalog.models import QUEUE_KIND_LABELS, Material, QueueKind, Scenario, Window, WindowGroup

# what the built-in scenario's page tells the visitor before they take the number
NOTICES = {
    QueueKind.COMPLAINT: "有诉即办：反映问题、提出诉求，请取号后到窗口说明情况，工作人员当场受理。",
    QueueKind.PICKUP: "综合出件：领取已办好的证照和材料，请带好身份证和受理通知书。",
}

# the checklist a new built-in scenario starts with (managers may edit it like any other)
MATERIALS = {
    QueueKind.COMPLAINT: ["本人身份证（如有）", "与诉求有关的材料、照片（如有）"],
    QueueKind.PICKUP: ["本人身份证", "受理通知书或取件凭证", "代领的，另带代领人身份证和委托书"],
}


def builtin_scenario(session: Session, group: WindowGroup) -> Scenario | None:
    """The queue's built-in scenario, active or not (None if it never had one)."""
    return session.scalar(
        select(Scenario).where(Scenario.window_group_id == group.id, Scenario.builtin.is_(True))
        .order_by(Scenario.id).limit(1)
    )


def set_kind(session: Session, group: WindowGroup, kind: QueueKind) -> None:
    """Make the queue normal or special; a special one has exactly one active built-in
    scenario (made, re-activated or renamed here), a normal one none active."""
    group.kind = kind
    scenario = builtin_scenario(session, group)
    if kind == QueueKind.NORMAL:
        if scenario is not None:
            scenario.active = False
        return
    if scenario is None:
        scenario = Scenario(hall_id=group.hall_id, window_group_id=group.id, builtin=True,
                            section=QUEUE_KIND_LABELS[kind], position=0, materials=[
                                Material(position=i, text=text)
                                for i, text in enumerate(MATERIALS[kind], start=1)])
        session.add(scenario)
    scenario.name = group.name
    scenario.notice = NOTICES[kind]
    scenario.active = group.active


def serve_from_universal_windows(session: Session, group: WindowGroup) -> None:
    """A new queue is served at once by the hall's 无差别综合受理 windows (its tickets
    list them)."""
    universal = session.scalars(select(Window).where(
        Window.hall_id == group.hall_id, Window.universal.is_(True), Window.active.is_(True)))
    for window in universal:
        if window not in group.windows:
            group.windows.append(window)
