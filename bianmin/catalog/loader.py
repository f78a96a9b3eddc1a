"""Load a parsed catalog into a hall, inside the caller's write transaction.

Re-importing updates in place. A scenario is the same scenario when it has the same key:
(section, name, n-th occurrence of that name in that section). 序号 is not part of the key:
inserting a row renumbers everything below it, and tickets must keep pointing at the same
scenarios. A scenario no longer in the file is marked ``active=False``, never deleted (old
tickets point at it). Queues are matched by name and keep their ticket prefix letter.
Nothing here commits, prints or does I/O: the caller owns the transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bianmin.catalog.guide import GUIDE_KEYS, column
from bianmin.catalog.importer import ParsedCatalog, ParsedScenario
from bianmin.catalog.models import Department, Hall, Material, Matter, Scenario, Window, WindowGroup
from bianmin.catalog.profile import HallProfile
from bianmin.catalog.special import serve_from_universal_windows
from bianmin.catalog.synonyms import to_json
from bianmin.catalog.windows import PREFIXES
from bianmin.errors import InvalidInput

ScenarioKey = tuple[str, str, int]

# scenario columns copied from the parsed row as they are
_COPIED = (
    "name", "section", "seq", "kind", "time_limit_raw", "time_limit_kind", "legal_days",
    "promised_days", "role", "role_raw", "phone", "window_raw", "materials_raw", "notice",
    "withdrawn", "handed_to",
)


class NoPrefixLeft(InvalidInput):
    code = "no_prefix_left"
    message = "排队号前缀字母（A–Z）已用完，无法为新的窗口组分配前缀。"


@dataclass
class LoadReport:
    hall_code: str
    catalog_version: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    departments_created: int = 0
    matters_created: int = 0
    windows_created: int = 0
    queues_created: int = 0
    # profile entries that name no queue or window of this catalog, and the like
    notes: list[str] = field(default_factory=list)
    # what changed, by name (the managers' preview lists them): added and retired are
    # {"id", "name", "section"} (id None for a scenario not created yet); changed also
    # names its changed "fields" (columns, "materials")
    added: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    retired: list[dict] = field(default_factory=list)

    @property
    def active(self) -> int:
        return self.created + self.updated + self.unchanged


def load_catalog(
    session: Session, hall: Hall, parsed: ParsedCatalog, profile: HallProfile | None = None
) -> LoadReport:
    """Create or update the hall's departments, matters, windows, queues and scenarios."""
    session.flush()
    report = LoadReport(hall.code)
    departments = _departments(session, hall, parsed, report)
    matters = _matters(session, hall, parsed, departments, report)
    windows = _windows(session, hall, parsed, profile, report)
    queues = _queues(session, hall, parsed, windows, profile, report)
    _scenarios(session, hall, parsed, departments, matters, queues, report)
    if profile is not None:  # a re-import without a profile keeps the hall's synonyms
        hall.search_synonyms = to_json(profile.synonyms) if profile.synonyms else ""
    hall.catalog_version = (hall.catalog_version or 0) + 1
    report.catalog_version = hall.catalog_version
    session.flush()
    return report


def scenario_keys(scenarios: list[ParsedScenario]) -> list[ScenarioKey]:
    """(section, name, occurrence) per scenario, in file order."""
    seen: Counter[tuple[str, str]] = Counter()
    keys = []
    for scenario in scenarios:
        pair = (scenario.section, scenario.name)
        keys.append((*pair, seen[pair]))
        seen[pair] += 1
    return keys


def _departments(
    session: Session, hall: Hall, parsed: ParsedCatalog, report: LoadReport
) -> dict[str, Department]:
    existing = {d.name: d for d in session.scalars(select(Department).where(Department.hall_id == hall.id))}
    for name in dict.fromkeys(s.department for s in parsed.scenarios if s.department):
        if name not in existing:
            existing[name] = Department(hall_id=hall.id, name=name)
            session.add(existing[name])
            report.departments_created += 1
    session.flush()
    return existing


def _matters(
    session: Session, hall: Hall, parsed: ParsedCatalog, departments: dict[str, Department],
    report: LoadReport,
) -> dict[tuple[int | None, str], Matter]:
    existing = {
        (m.department_id, m.name): m
        for m in session.scalars(select(Matter).where(Matter.hall_id == hall.id).order_by(Matter.id))
    }
    kinds: dict[tuple[int | None, str], str] = {}
    for s in parsed.scenarios:
        if not s.matter:
            continue
        department = departments.get(s.department)
        key = (department.id if department else None, s.matter)
        if key not in existing:
            existing[key] = Matter(hall_id=hall.id, department_id=key[0], name=s.matter, kind=s.kind)
            session.add(existing[key])
            report.matters_created += 1
        if s.kind and key not in kinds:
            kinds[key] = s.kind
    for key, kind in kinds.items():
        if existing[key].kind != kind:
            existing[key].kind = kind
    session.flush()
    return existing


def _windows(
    session: Session, hall: Hall, parsed: ParsedCatalog, profile: HallProfile | None,
    report: LoadReport,
) -> dict[int, Window]:
    existing = {w.number: w for w in session.scalars(select(Window).where(Window.hall_id == hall.id))}
    phones: dict[int, str] = {}
    for s in parsed.scenarios:
        for number in s.windows:
            if s.phone:
                phones.setdefault(number, s.phone)
    names = profile.window_names if profile else {}
    for number in parsed.windows:
        window = existing.get(number)
        if window is None:
            window = existing[number] = Window(hall_id=hall.id, number=number, name="", phone="")
            session.add(window)
            report.windows_created += 1
        # a re-import without a profile never blanks a name given before
        name = names.get(number) or window.name or f"{number}号窗口"
        if window.name != name:
            window.name = name
        if phones.get(number) and window.phone != phones[number]:
            window.phone = phones[number]
    for number in sorted(set(names) - set(parsed.windows)):
        report.notes.append(f"配置文件给{number}号窗口起了名字，但目录里没有这个窗口。")
    session.flush()
    return existing


def _queues(
    session: Session, hall: Hall, parsed: ParsedCatalog, windows: dict[int, Window],
    profile: HallProfile | None, report: LoadReport,
) -> dict[str, WindowGroup]:
    existing = {
        g.name: g
        for g in session.scalars(
            select(WindowGroup).where(WindowGroup.hall_id == hall.id).options(selectinload(WindowGroup.windows))
        )
    }
    # prefixes stay with their queue; a queue gone from the catalog keeps its letter too
    taken = {g.prefix for g in existing.values()}
    domains = profile.queue_domains if profile else {}
    # a queue renamed in the browser keeps matching the file's queue of the same windows
    named = {q.name for q in parsed.queues}
    for queue in parsed.queues:
        if queue.name in existing:
            continue
        for group in list(existing.values()):
            if group.name not in named and sorted(w.number for w in group.windows) == queue.windows:
                existing[queue.name] = group
                named.add(group.name)
                break
    mentioned = set(parsed.windows)
    for queue in parsed.queues:
        group = existing.get(queue.name)
        created = group is None
        if group is None:
            prefix = queue.prefix if queue.prefix not in taken else _free_prefix(taken)
            taken.add(prefix)
            group = existing[queue.name] = WindowGroup(hall_id=hall.id, name=queue.name, prefix=prefix)
            session.add(group)
            report.queues_created += 1
        # the file sets the windows it names; a window it never mentions (one added in the
        # browser, e.g. a 无差别综合受理窗口) keeps serving the queues it was given
        kept = [w for w in group.windows if w.number not in mentioned]
        members = sorted([windows[n] for n in queue.windows] + kept, key=lambda w: w.number)
        if [w.number for w in group.windows] != [w.number for w in members]:
            group.windows = members
        if created:  # the hall's 无差别综合受理 windows serve a new queue too (and are listed)
            serve_from_universal_windows(session, group)
        if not group.active:  # the file names it again: it takes tickets again
            group.active = True
        domain = domains.get(queue.name, group.domain or "")
        if group.domain != domain:
            group.domain = domain
    for name in sorted(set(domains) - {q.name for q in parsed.queues}):
        report.notes.append(f"配置文件给“{name}”设了领域，但目录里没有这个窗口组。")
    for queue in parsed.queues:
        if not existing[queue.name].domain:
            report.notes.append(f"“{queue.name}”没有领域（domain），自助机按领域浏览时不会列出它。")
    session.flush()
    return existing


def _free_prefix(taken: set[str]) -> str:
    for letter in PREFIXES:
        if letter not in taken:
            return letter
    raise NoPrefixLeft()


def _scenarios(
    session: Session, hall: Hall, parsed: ParsedCatalog, departments: dict[str, Department],
    matters: dict[tuple[int | None, str], Matter], queues: dict[str, WindowGroup],
    report: LoadReport,
) -> None:
    rows = session.scalars(
        # built-in scenarios of special queues are the manager's, not the file's
        select(Scenario).where(Scenario.hall_id == hall.id, Scenario.builtin.is_(False))
        .order_by(Scenario.id)
        .options(selectinload(Scenario.materials))
    ).all()
    seen: Counter[tuple[str, str]] = Counter()
    existing: dict[ScenarioKey, Scenario] = {}
    for row in rows:  # occurrence by id: rows created together were created in file order
        pair = (row.section, row.name)
        existing[(*pair, seen[pair])] = row
        seen[pair] += 1
    matched: set[int] = set()
    for position, (key, parsed_row) in enumerate(zip(scenario_keys(parsed.scenarios), parsed.scenarios, strict=True)):
        department = departments.get(parsed_row.department)
        department_id = department.id if department else None
        matter = matters.get((department_id, parsed_row.matter)) if parsed_row.matter else None
        values = {name: getattr(parsed_row, name) for name in _COPIED}
        values.update({column(k): parsed_row.guide.get(k, "") for k in GUIDE_KEYS})
        values.update(
            department_id=department_id,
            matter_id=matter.id if matter else None,
            source_line=parsed_row.line,
            position=position,
            active=True,
        )
        scenario = existing.get(key)
        if not parsed_row.withdrawn:
            values["window_group_id"] = queues[parsed_row.queue_name].id
        elif scenario is None:
            # no queue: a withdrawn matter issues no ticket; one withdrawn on a re-import
            # keeps its old queue, so the tickets it had still show where they waited
            values["window_group_id"] = None
        if scenario is None:
            scenario = Scenario(hall_id=hall.id, **values)
            scenario.materials = _materials(parsed_row.materials)
            session.add(scenario)
            report.created += 1
            report.added.append({"id": None, "name": parsed_row.name, "section": parsed_row.section,
                                 "line": parsed_row.line})
            continue
        matched.add(scenario.id)
        fields: list[str] = []
        for name, value in values.items():
            if getattr(scenario, name) != value:
                setattr(scenario, name, value)
                if name not in {"source_line", "position"}:
                    fields.append(name)
        if [m.text for m in scenario.materials] != parsed_row.materials:
            scenario.materials = _materials(parsed_row.materials)
            fields.append("materials")
        if fields:
            report.updated += 1
            report.changed.append({"id": scenario.id, "name": scenario.name,
                                   "section": scenario.section, "line": parsed_row.line,
                                   "fields": fields})
        else:
            report.unchanged += 1
    for row in rows:
        if row.id not in matched and row.active:
            row.active = False
            report.deactivated += 1
            report.retired.append({"id": row.id, "name": row.name, "section": row.section})


def _materials(items: list[str]) -> list[Material]:
    return [Material(position=i, text=text) for i, text in enumerate(items, start=1)]
