"""Small halls built with the models directly, for tests that need no catalog file."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bianmin.catalog.models import (
    Hall,
    Material,
    Role,
    Scenario,
    TimeLimitKind,
    Window,
    WindowGroup,
)


@dataclass
class SmallHall:
    hall_id: int
    code: str
    # scenario id per queue prefix
    scenarios: dict[str, int]
    queues: dict[str, int]
    windows: dict[int, int]


def make_hall(
    session: Session,
    code: str = "test",
    queues: dict[str, list[int]] | None = None,
    timezone: str = "Asia/Shanghai",
) -> SmallHall:
    """A hall with one scenario per queue; queues maps prefix → window numbers."""
    queues = queues or {"A": [1, 2], "B": [3]}
    hall = Hall(code=code, name=f"{code}便民服务中心", timezone=timezone, complaint_phone="12345")
    session.add(hall)
    session.flush()
    windows: dict[int, Window] = {}
    scenario_ids: dict[str, int] = {}
    queue_ids: dict[str, int] = {}
    for position, (prefix, numbers) in enumerate(queues.items()):
        members = []
        for number in numbers:
            if number not in windows:
                windows[number] = Window(hall_id=hall.id, number=number, name=f"{number}号窗口")
            members.append(windows[number])
        name = f"{numbers[0]}-{numbers[-1]}号窗口" if len(numbers) > 1 else f"{numbers[0]}号窗口"
        group = WindowGroup(hall_id=hall.id, name=name, prefix=prefix, windows=members)
        session.add(group)
        session.flush()
        scenario = Scenario(
            hall_id=hall.id, window_group_id=group.id, name=f"测试事项{prefix}",
            position=position, time_limit_kind=TimeLimitKind.IMMEDIATE,
            time_limit_raw="即时办理", role=Role.COMPLETE, phone="0999-0000000",
            materials=[Material(position=1, text="身份证原件"), Material(position=2, text="户口本")],
        )
        session.add(scenario)
        session.flush()
        scenario_ids[prefix] = scenario.id
        queue_ids[prefix] = group.id
    return SmallHall(hall.id, code, scenario_ids, queue_ids, {n: w.id for n, w in windows.items()})
