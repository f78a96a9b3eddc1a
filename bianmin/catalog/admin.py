"""A manager's changes to the catalog in place: one scenario, a window, a queue.

Each function is one write transaction: the change, an audit row naming who made it, the
hall's ``catalog_version`` bumped (kiosks, search and ticket cards reload; screens take a
new snapshot) and, when waiting visitors are affected, what the manager chose to do with
them (``queue.stranded``). A change that would strand visitors without a choice raises
:class:`WouldStrand` (409) carrying what is at stake, and writes nothing. The caller
publishes ``catalog.changed`` and the returned queue events after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bianmin.audit.record import record
from bianmin.catalog.models import Hall, Material, QueueKind, Scenario, Window, WindowGroup, utcnow
from bianmin.catalog.queries import UnknownScenario, get_hall
from bianmin.catalog.special import serve_from_universal_windows, set_kind
from bianmin.catalog.timelimit import parse_time_limit
from bianmin.catalog.windows import PREFIXES
from bianmin.db import Database
from bianmin.errors import Conflict, InvalidInput, NotFound
from bianmin.queue.clock import business_day
from bianmin.queue.events import QueueChanged
from bianmin.queue.models import Ticket, TicketStatus
from bianmin.queue.stranded import Choice, at_stake, settle, waiting_tickets


class WouldStrand(Conflict):
    code = "would_strand"


class UnknownQueueRef(NotFound):
    code = "unknown_queue"
    message = "没有这个排队队列（窗口组）。"


class UnknownWindowRef(NotFound):
    code = "unknown_window"
    message = "本服务中心没有这个窗口。"


@dataclass(frozen=True)
class Actor:
    """Who makes the change (the audit row names them)."""

    staff_id: int | None
    username: str


@dataclass
class Change:
    """What a change returns: the answer, the new catalog version, events to publish."""

    answer: dict[str, Any]
    hall_id: int
    catalog_version: int
    events: list[QueueChanged] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------

def scenario_row(s: Scenario) -> dict[str, Any]:
    group = s.window_group
    department = s.department or (s.matter.department if s.matter else None)
    return {
        "id": s.id, "name": s.name, "section": s.section, "active": s.active,
        "department": department.name if department else "",
        "matter": s.matter.name if s.matter else "", "kind": s.kind,
        "materials": [m.text for m in s.materials], "notice": s.notice,
        "time_limit": s.time_limit_raw, "phone": s.phone,
        # a withdrawn matter without a queue shows where visitors are sent instead
        "queue": ({"id": group.id, "prefix": group.prefix, "name": group.name} if group is not None
                  else {"id": None, "prefix": "", "name": f"不再受理（{s.handed_to or '未填承接部门'}）"}),
        "windows": group.window_numbers if group is not None else [],
        "source_line": s.source_line,
        "withdrawn": s.withdrawn, "handed_to": s.handed_to,
        "guide": s.guide,
        "builtin": s.builtin,
    }


def list_scenarios(session: Session, hall: Hall) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Scenario).where(Scenario.hall_id == hall.id)
        .options(selectinload(Scenario.materials), selectinload(Scenario.department),
                 selectinload(Scenario.matter), selectinload(Scenario.window_group)
                 .selectinload(WindowGroup.windows))
        .order_by(Scenario.active.desc(), Scenario.position, Scenario.id)
    ).all()
    return [scenario_row(s) for s in rows]


def window_row(w: Window, waiting: dict[int, int]) -> dict[str, Any]:
    queues = [g for g in w.groups]
    return {"number": w.number, "name": w.name or w.label, "phone": w.phone, "active": w.active,
            "queues": sorted(g.prefix for g in queues), "serves_all": w.universal,
            "green_channel": w.green_channel,
            "waiting": sum(waiting.get(g.id, 0) for g in queues)}


def queue_row(g: WindowGroup, waiting: dict[int, int], scenarios: dict[int, int]) -> dict[str, Any]:
    return {"id": g.id, "prefix": g.prefix, "name": g.name, "domain": g.domain, "active": g.active,
            "kind": QueueKind(g.kind).value,
            "windows": [w.number for w in g.windows], "active_windows": g.window_numbers,
            "waiting": waiting.get(g.id, 0), "scenarios": scenarios.get(g.id, 0),
            "daily_cap": g.daily_cap}


def _waiting_by_queue(session: Session, hall: Hall, now: datetime) -> dict[int, int]:
    from sqlalchemy import func
    day = business_day(now, hall.timezone)
    return dict(session.execute(
        select(Ticket.queue_id, func.count(Ticket.id))
        .where(Ticket.hall_id == hall.id, Ticket.business_day == day,
               Ticket.status == TicketStatus.WAITING).group_by(Ticket.queue_id)).all())


def windows_and_queues(session: Session, hall: Hall, now: datetime | None = None) -> dict[str, Any]:
    from sqlalchemy import func
    waiting = _waiting_by_queue(session, hall, now or utcnow())
    scenarios = dict(session.execute(
        select(Scenario.window_group_id, func.count(Scenario.id))
        .where(Scenario.hall_id == hall.id, Scenario.active).group_by(Scenario.window_group_id)).all())
    windows = session.scalars(select(Window).where(Window.hall_id == hall.id)
                              .options(selectinload(Window.groups)).order_by(Window.number)).all()
    groups = session.scalars(select(WindowGroup).where(WindowGroup.hall_id == hall.id)
                             .options(selectinload(WindowGroup.windows)).order_by(WindowGroup.prefix)).all()
    return {"hall": hall.code, "windows": [window_row(w, waiting) for w in windows],
            "queues": [queue_row(g, waiting, scenarios) for g in groups]}


# --- helpers ---------------------------------------------------------------------------

def _hall(session: Session, code: str) -> Hall:
    hall = get_hall(session, code)
    return hall


def _queue(session: Session, hall: Hall, prefix: str, field_name: str = "queue") -> WindowGroup:
    group = session.scalar(select(WindowGroup).where(WindowGroup.hall_id == hall.id,
                                                     WindowGroup.prefix == prefix.strip().upper()))
    if group is None:
        raise InvalidInput(f"没有前缀为“{prefix}”的排队队列。", code="unknown_queue",
                           fields=[{"field": field_name, "problem": f"没有前缀为“{prefix}”的排队队列。"}])
    return group


def _field_error(name: str, message: str, code: str,
                 kind: type[InvalidInput] | type[Conflict] = InvalidInput) -> InvalidInput | Conflict:
    """A refusal naming the field (400, or 409 for a value another row already holds)."""
    return kind(message, code=code, fields=[{"field": name, "problem": message}])


def _choice(session: Session, hall: Hall, waiting: str | None, move_to: str | None,
            leaving: set[int]) -> Choice | None:
    if waiting is None:
        return None
    if waiting != "move_to":
        return Choice(waiting)
    if not move_to:
        raise _field_error("move_to", "请选择把排队的群众转到哪个队列（move_to）。", "move_to_required")
    target = _queue(session, hall, move_to, "move_to")
    if target.id in leaving or not target.active or not target.window_numbers:
        raise _field_error("move_to", f"“{target.name}”不能接收转入的号（它本身受影响、已停用或没有窗口）。",
                           "bad_move_target")
    return Choice("move_to", target.id)


def _strand_check(session: Session, hall: Hall, now: datetime, what: str,
                  tickets: list[Ticket], choice: Choice | None, actor: Actor) -> list[QueueChanged]:
    if not tickets:
        return []
    if choice is None:
        stake = at_stake(tickets)
        raise WouldStrand(
            f"{what}：今天还有 {len(tickets)} 位群众在排队（{'、'.join(stake['numbers'][:10])}"
            f"{'…' if len(tickets) > 10 else ''}）。请选择：保留排队（keep）、转到其他队列（move_to）"
            "或取消这些号（close）。", **stake)
    return settle(session, hall.id, business_day(now, hall.timezone), tickets, choice,
                  staff_id=actor.staff_id, now=now)


def _bump(hall: Hall) -> int:
    hall.catalog_version = (hall.catalog_version or 0) + 1
    return hall.catalog_version


def materials_raw(notice: str, items: list[str]) -> str:
    """The 办理要件 cell for an edited checklist: the notice, then ``1.…；2.…``."""
    head = notice.strip()
    if head and not head.endswith(("：", ":")):
        head += "："
    body = "；".join(f"{i}.{t}" for i, t in enumerate(items, start=1)) if items else ("" if head else "无")
    return head + body


def queue_cell(group: WindowGroup) -> str:
    """The 窗口号 cell for a queue's windows: 7号窗口, 15-20号窗口, 7、8号窗口."""
    numbers = sorted(w.number for w in group.windows)
    if not numbers:
        return group.name
    if len(numbers) == 1:
        return f"{numbers[0]}号窗口"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}号窗口"
    return "、".join(str(n) for n in numbers) + "号窗口"


# --- scenarios -------------------------------------------------------------------------

SCENARIO_FIELDS = ("name", "section", "materials", "notice", "time_limit", "phone", "queue", "active")


def _apply_scenario(session: Session, hall: Hall, s: Scenario, values: dict[str, Any]) -> list[str]:
    changed: list[str] = []
    if "name" in values and values["name"] != s.name:
        s.name = values["name"]
        changed.append("name")
    if "section" in values and values["section"] != s.section:
        s.section = values["section"]
        changed.append("section")
    if "phone" in values and values["phone"] != s.phone:
        s.phone = values["phone"]
        changed.append("phone")
    items = values.get("materials")
    notice = values.get("notice")
    if items is not None or notice is not None:
        new_items = [i.strip() for i in items if i.strip()] if items is not None else [m.text for m in s.materials]
        new_notice = notice.strip() if notice is not None else s.notice
        edited = False
        if new_items != [m.text for m in s.materials]:
            s.materials = [Material(position=i, text=t) for i, t in enumerate(new_items, start=1)]
            changed.append("materials")
            edited = True
        if new_notice != s.notice:
            s.notice = new_notice
            changed.append("notice")
            edited = True
        if edited:  # the 办理要件 cell as the export writes it
            s.materials_raw = materials_raw(new_notice, new_items)
    if "time_limit" in values and values["time_limit"] != s.time_limit_raw:
        limit = parse_time_limit(values["time_limit"])
        s.time_limit_raw, s.time_limit_kind = limit.raw, limit.kind
        s.legal_days, s.promised_days = limit.legal_days, limit.promised_days
        changed.append("time_limit")
    if values.get("queue") is not None:
        group = _queue(session, hall, values["queue"])
        if not group.active:
            raise _field_error("queue", f"“{group.name}”已停用，请选择其他队列。", "queue_retired")
        if group.id != s.window_group_id:
            s.window_group = group
            s.window_group_id = group.id
            s.window_raw = queue_cell(group)
            changed.append("queue")
    return changed


def add_scenario(db: Database, hall_code: str, values: dict[str, Any], actor: Actor) -> Change:
    with db.write() as session:
        hall = _hall(session, hall_code)
        group = _queue(session, hall, values["queue"])
        if not group.active:
            raise _field_error("queue", f"“{group.name}”已停用，请选择其他队列。", "queue_retired")
        last = session.scalar(select(Scenario.position).where(Scenario.hall_id == hall.id)
                              .order_by(Scenario.position.desc()).limit(1)) or 0
        s = Scenario(hall_id=hall.id, name=values["name"], section=values.get("section") or "",
                     window_group_id=group.id, window_raw=queue_cell(group), position=last + 1,
                     active=True, phone=values.get("phone") or "", notice="", materials_raw="",
                     time_limit_raw="", kind="", role_raw="")
        s.materials = []
        s.window_group = group
        session.add(s)
        _apply_scenario(session, hall, s, {k: v for k, v in values.items() if k not in ("name", "queue")})
        if not values.get("materials") and not values.get("notice"):
            s.materials_raw = "无"
        session.flush()
        version = _bump(hall)
        record(session, "scenario.added", hall_id=hall.id, staff_id=actor.staff_id,
               username=actor.username, scenario_id=s.id, name=s.name, queue=group.prefix)
        return Change(scenario_row(s), hall.id, version)


def change_scenario(db: Database, hall_code: str, scenario_id: int, values: dict[str, Any],
                    actor: Actor, *, waiting: str | None = None, move_to: str | None = None,
                    now: datetime | None = None) -> Change:
    now = now or utcnow()
    with db.write() as session:
        hall = _hall(session, hall_code)
        s = session.scalar(select(Scenario).where(Scenario.id == scenario_id, Scenario.hall_id == hall.id)
                           .options(selectinload(Scenario.materials)))
        if s is None:
            raise UnknownScenario(hall=hall.code, scenario=scenario_id)
        events: list[QueueChanged] = []
        retiring = values.get("active") is False and s.active
        changed = _apply_scenario(session, hall, s, values)
        if "active" in values and values["active"] != s.active:
            if retiring:
                tickets = waiting_tickets(session, hall.id, business_day(now, hall.timezone),
                                          scenario_id=s.id)
                choice = _choice(session, hall, waiting, move_to, set())
                if choice is not None and choice.action == "move_to" and choice.queue_id == s.window_group_id:
                    raise _field_error("move_to", "这些号已经在这个队列里，请选择其他队列或“保留排队”。",
                                       "bad_move_target")
                events = _strand_check(session, hall, now, f"停用“{s.name}”", tickets, choice, actor)
            s.active = values["active"]
            changed.append("active")
        if not changed:
            return Change(scenario_row(s), hall.id, hall.catalog_version)
        version = _bump(hall)
        kind = "scenario.retired" if retiring else "scenario.changed"
        record(session, kind, hall_id=hall.id, staff_id=actor.staff_id, username=actor.username,
               scenario_id=s.id, name=s.name, fields=changed, waiting=waiting or "")
        session.flush()
        return Change(scenario_row(s), hall.id, version, events)


# --- windows ---------------------------------------------------------------------------

def _orphaned_queue_ids(session: Session, hall: Hall, window: Window, keeps: set[int]) -> list[int]:
    """Queues the window serves now that would have no active window once it serves only
    ``keeps`` (or is retired: ``keeps`` empty)."""
    orphaned = []
    for group in window.groups:
        if group.id in keeps:
            continue
        others = [w for w in group.windows if w.active and w.id != window.id]
        if not others:
            orphaned.append(group.id)
    return orphaned


def _groups(session: Session, hall: Hall, prefixes: list[str] | None, serves_all: bool) -> list[WindowGroup] | None:
    if serves_all:
        return list(session.scalars(select(WindowGroup).where(WindowGroup.hall_id == hall.id,
                                                               WindowGroup.active)
                                    .order_by(WindowGroup.prefix)))
    if prefixes is None:
        return None
    found = []
    for prefix in dict.fromkeys(p.strip().upper() for p in prefixes):
        found.append(_queue(session, hall, prefix, "queues"))
    return found


def add_window(db: Database, hall_code: str, values: dict[str, Any], actor: Actor) -> Change:
    with db.write() as session:
        hall = _hall(session, hall_code)
        number = values["number"]
        if session.scalar(select(Window.id).where(Window.hall_id == hall.id, Window.number == number)):
            raise Conflict(f"{number}号窗口已经存在；要启用或修改它，请在列表中编辑。",
                           code="window_exists",
                               fields=[{"field": "number", "problem": f"{number}号窗口已经存在。"}])
        groups = _groups(session, hall, values.get("queues"), bool(values.get("serves_all"))) or []
        window = Window(hall_id=hall.id, number=number, name=values.get("name") or f"{number}号窗口",
                        phone=values.get("phone") or "", active=True,
                        universal=bool(values.get("serves_all")),
                        green_channel=bool(values.get("green_channel")))
        window.groups = groups
        session.add(window)
        session.flush()
        version = _bump(hall)
        record(session, "window.added", hall_id=hall.id, staff_id=actor.staff_id,
               username=actor.username, window_number=number, name=window.name,
               queues=[g.prefix for g in groups], green_channel=window.green_channel)
        return Change(window_row(window, {}), hall.id, version)


def change_window(db: Database, hall_code: str, number: int, values: dict[str, Any], actor: Actor,
                  *, waiting: str | None = None, move_to: str | None = None,
                  now: datetime | None = None) -> Change:
    now = now or utcnow()
    with db.write() as session:
        hall = _hall(session, hall_code)
        window = session.scalar(select(Window).where(Window.hall_id == hall.id, Window.number == number)
                                .options(selectinload(Window.groups).selectinload(WindowGroup.windows)))
        if window is None:
            raise UnknownWindowRef(f"本服务中心没有{number}号窗口。")
        changed: list[str] = []
        retiring = values.get("active") is False and window.active
        groups = _groups(session, hall, values.get("queues"), bool(values.get("serves_all")))
        keeps = {g.id for g in window.groups} if groups is None else {g.id for g in groups}
        if retiring:
            keeps = set()
            busy = session.scalar(select(Ticket.code).where(
                Ticket.window_id == window.id, Ticket.business_day == business_day(now, hall.timezone),
                Ticket.status.in_([TicketStatus.CALLED, TicketStatus.SERVING])).limit(1))
            if busy:
                raise Conflict(f"{number}号窗口正在办理 {busy} 号，请办结后再停用。", code="window_busy")
        events: list[QueueChanged] = []
        if window.active and (retiring or groups is not None):
            orphaned = _orphaned_queue_ids(session, hall, window, keeps)
            if orphaned:
                tickets = waiting_tickets(session, hall.id, business_day(now, hall.timezone),
                                          queue_ids=orphaned)
                choice = _choice(session, hall, waiting, move_to, set(orphaned))
                what = f"停用{number}号窗口" if retiring else f"调整{number}号窗口的队列"
                events = _strand_check(session, hall, now, what + "后有队列无人受理", tickets, choice, actor)
        if "name" in values and values["name"] != window.name:
            window.name = values["name"]
            changed.append("name")
        if "phone" in values and values["phone"] != window.phone:
            window.phone = values["phone"]
            changed.append("phone")
        if groups is not None and sorted(g.id for g in groups) != sorted(g.id for g in window.groups):
            window.groups = groups
            changed.append("queues")
        if "active" in values and values["active"] != window.active:
            window.active = values["active"]
            changed.append("active")
        universal = bool(values.get("serves_all")) if "serves_all" in values else (
            False if values.get("queues") is not None else window.universal)
        if universal != window.universal:
            window.universal = universal  # 无差别综合受理: every queue, later ones too
            changed.append("serves_all")
        if "green_channel" in values and values["green_channel"] != window.green_channel:
            window.green_channel = values["green_channel"]
            changed.append("green_channel")
        if not changed:
            return Change(window_row(window, {}), hall.id, hall.catalog_version)
        session.flush()
        version = _bump(hall)
        kind = "window.retired" if retiring else "window.changed"
        record(session, kind, hall_id=hall.id, staff_id=actor.staff_id, username=actor.username,
               window_number=number, name=window.name, fields=changed,
               queues=sorted(g.prefix for g in window.groups), waiting=waiting or "",
               green_channel=window.green_channel)
        return Change(window_row(window, {}), hall.id, version, events)


# --- queues ----------------------------------------------------------------------------

def change_queue(db: Database, hall_code: str, prefix: str, values: dict[str, Any], actor: Actor,
                 *, waiting: str | None = None, move_to: str | None = None,
                 now: datetime | None = None) -> Change:
    now = now or utcnow()
    with db.write() as session:
        hall = _hall(session, hall_code)
        group = session.scalar(select(WindowGroup).where(WindowGroup.hall_id == hall.id,
                                                         WindowGroup.prefix == prefix.upper())
                               .options(selectinload(WindowGroup.windows)))
        if group is None:
            raise UnknownQueueRef(f"没有前缀为“{prefix}”的排队队列。")
        changed: list[str] = []
        events: list[QueueChanged] = []
        new_prefix = values.get("prefix")
        if new_prefix is not None and new_prefix != group.prefix:
            if new_prefix not in PREFIXES:
                raise _field_error("prefix", "前缀须为一个大写字母 A–Z。", "invalid_prefix")
            other = session.scalar(select(WindowGroup.name).where(WindowGroup.hall_id == hall.id,
                                                                  WindowGroup.prefix == new_prefix))
            if other:
                raise _field_error("prefix", f"前缀 {new_prefix} 已被“{other}”使用，同一服务中心内前缀不能重复。",
                                   "prefix_taken", Conflict)
            group.prefix = new_prefix
            changed.append("prefix")
        name = values.get("name")
        if name is not None and name != group.name:
            other = session.scalar(select(WindowGroup.prefix).where(WindowGroup.hall_id == hall.id,
                                                                    WindowGroup.name == name))
            if other:
                raise _field_error("name", f"队列名称“{name}”已被前缀 {other} 的队列使用。", "queue_name_taken",
                                   Conflict)
            group.name = name
            changed.append("name")
        if "domain" in values and values["domain"] != group.domain:
            group.domain = values["domain"]
            changed.append("domain")
        if "daily_cap" in values and values["daily_cap"] != group.daily_cap:
            # read by every issue (queue/limits.py): it takes effect with the next ticket
            group.daily_cap = values["daily_cap"]
            changed.append("daily_cap")
        retiring = values.get("active") is False and group.active
        if retiring:
            in_use = session.scalars(select(Scenario.name).where(
                Scenario.window_group_id == group.id, Scenario.active,
                Scenario.builtin.is_(False)).limit(5)).all()
            if in_use:
                raise Conflict(f"还有事项在这个队列取号（{'、'.join(in_use)}…），请先把这些事项改到其他队列或停用。",
                               code="queue_in_use", scenarios=list(in_use))
            tickets = waiting_tickets(session, hall.id, business_day(now, hall.timezone),
                                      queue_ids=[group.id])
            choice = _choice(session, hall, waiting, move_to, {group.id})
            events = _strand_check(session, hall, now, f"停用“{group.name}”", tickets, choice, actor)
        if "active" in values and values["active"] != group.active:
            group.active = values["active"]
            changed.append("active")
        kind = QueueKind(values["kind"]) if values.get("kind") else QueueKind(group.kind)
        if kind != group.kind:
            changed.append("kind")
        if "kind" in changed or "active" in changed or ("name" in changed and kind != QueueKind.NORMAL):
            set_kind(session, group, kind)  # the built-in scenario follows name and state
        if not changed:
            return Change(queue_row(group, {}, {}), hall.id, hall.catalog_version)
        session.flush()
        version = _bump(hall)
        record(session, "queue.changed", hall_id=hall.id, staff_id=actor.staff_id,
               username=actor.username, queue=group.prefix, old_prefix=prefix.upper(),
               name=group.name, fields=changed, waiting=waiting or "")
        return Change(queue_row(group, {}, {}), hall.id, version, events)


def add_queue(db: Database, hall_code: str, values: dict[str, Any], actor: Actor) -> Change:
    """A new queue (窗口组), e.g. a 有诉即办 or 综合出件 queue the kiosk offers on its home
    screen: its prefix letter, name, kind and windows; the hall's 无差别综合受理 windows
    serve it too."""
    with db.write() as session:
        hall = _hall(session, hall_code)
        prefix, name = values["prefix"], values["name"]
        taken = session.scalar(select(WindowGroup.name).where(WindowGroup.hall_id == hall.id,
                                                              WindowGroup.prefix == prefix))
        if taken:
            raise _field_error("prefix", f"前缀 {prefix} 已被“{taken}”使用，同一服务中心内前缀不能重复。",
                               "prefix_taken", Conflict)
        taken = session.scalar(select(WindowGroup.prefix).where(WindowGroup.hall_id == hall.id,
                                                                WindowGroup.name == name))
        if taken:
            raise _field_error("name", f"队列名称“{name}”已被前缀 {taken} 的队列使用。",
                               "queue_name_taken", Conflict)
        windows = []
        for number in dict.fromkeys(values.get("windows") or []):
            window = session.scalar(select(Window).where(Window.hall_id == hall.id, Window.number == number))
            if window is None or not window.active:
                raise _field_error("windows", f"本服务中心没有在用的{number}号窗口。", "unknown_window")
            windows.append(window)
        group = WindowGroup(hall_id=hall.id, name=name, prefix=prefix, domain=values.get("domain") or "",
                            active=True, kind=QueueKind.NORMAL, daily_cap=values.get("daily_cap"))
        group.windows = windows
        session.add(group)
        session.flush()
        serve_from_universal_windows(session, group)
        set_kind(session, group, QueueKind(values.get("kind") or QueueKind.NORMAL))
        session.flush()
        version = _bump(hall)
        record(session, "queue.added", hall_id=hall.id, staff_id=actor.staff_id,
               username=actor.username, queue=group.prefix, name=group.name,
               queue_kind=QueueKind(group.kind).value, windows=group.window_numbers)
        return Change(queue_row(group, {}, {}), hall.id, version)
