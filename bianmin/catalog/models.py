"""The hall's catalog: departments, matters, scenarios, materials, windows and queues.

Source text is kept next to every parsed value (``*_raw``), so that an administrator can
always see what the catalog file said, and the importer never has to invent data.
"""

from __future__ import annotations

import enum
from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bianmin.catalog.guide import GUIDE_KEYS, column
from bianmin.db import Base


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class TimeLimitKind(enum.StrEnum):
    IMMEDIATE = "immediate"  # 即时办理 / 即时办结 / 当天办理
    WORKING_DAYS = "working_days"  # N个工作日, 法定时限 N 工作日，承诺时限 M 工作日
    OTHER = "other"  # 根据具体情况而定, 一年一次, 6个月 … (kept as text)
    NONE = "none"  # the cell was empty


class Role(enum.StrEnum):
    """What this hall does with the matter (the 备注 column)."""

    COMPLETE = "complete"  # 负责办结: finished here
    ACCEPT = "accept"  # 负责受理: accepted here and forwarded
    PRELIMINARY = "preliminary"  # 负责初审: first review here, decided above
    UNKNOWN = "unknown"  # not stated


ROLE_LABELS = {
    Role.COMPLETE: "本中心办结",
    Role.ACCEPT: "本中心受理，上报办理",
    Role.PRELIMINARY: "本中心初审，上报审批",
    Role.UNKNOWN: "",
}


class Hall(Base):
    __tablename__ = "hall"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    complaint_phone: Mapped[str] = mapped_column(String(64), default="12345")
    opening_hours: Mapped[str] = mapped_column(String(200), default="")
    notice: Mapped[str] = mapped_column(Text, default="")
    # the hall's street address, shown on the managers' page and free to print
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # printed at the foot of every ticket (e.g. 请妥善保管小票); "" = nothing extra
    ticket_footer: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # structured opening hours (bianmin.hall.hours, JSON: weekly ranges, 延时/错时 days,
    # holidays, 调休 workdays); None = not set (``opening_hours`` text then stands alone)
    hours: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # minutes before the hall closes (end of the current opening range) from which the kiosk
    # no longer issues tickets for long matters (承诺件); 0 = never stops early (docs/admin.md)
    long_cutoff_minutes: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    # keeping the visitor's place (docs/counter.md): how long a 挂起 hold lasts before the
    # ticket is closed as 过号; behind how many waiting tickets a 过号 ticket is put back,
    # and for how long after its 过号 that is still allowed
    hold_minutes: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    requeue_ahead: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    requeue_minutes: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    # bumped by every catalog import, so per-process caches (search) know to rebuild
    catalog_version: Mapped[int] = mapped_column(Integer, default=0)
    # the hall's own synonym entries from its profile (JSON, visitor word → catalog words),
    # merged over the packaged table by search (docs/search.md); "" = none
    search_synonyms: Mapped[str] = mapped_column(Text, default="", server_default="")
    # the fair green channel (docs/counter.md, "The call order"): a window calls at most
    # this many green tickets in a row while a normal ticket waits for it, then one normal
    green_streak_limit: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    # a normal ticket waiting longer than this goes ahead of green tickets issued after it
    normal_wait_limit_minutes: Mapped[int] = mapped_column(Integer, default=45, server_default="45")
    # grows by one per published event (ticket issued, called, …): screens detect gaps
    event_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Department(Base):
    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("hall_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))


class Matter(Base):
    """A registered administrative matter (事项)."""

    __tablename__ = "matter"

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    name: Mapped[str] = mapped_column(String(300))
    # 事项类型 as written: 行政许可/行政确认/行政给付/公共服务/其他行政权力
    kind: Mapped[str] = mapped_column(String(40), default="")

    department: Mapped[Department | None] = relationship()


window_group_member = Table(
    "window_group_member",
    Base.metadata,
    Column("window_group_id", ForeignKey("window_group.id", ondelete="CASCADE"), primary_key=True),
    Column("window_id", ForeignKey("window.id", ondelete="CASCADE"), primary_key=True),
)


class Window(Base):
    """A physical counter (窗口)."""

    __tablename__ = "window"
    __table_args__ = (UniqueConstraint("hall_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    # False once a manager retires it (kept: old tickets and the audit trail name it);
    # a retired window is not offered at the counter, nor shown on screens or the kiosk
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    # a 无差别综合受理窗口: calls from every active queue of the hall, including queues
    # added after it was set up (queue/windows.py served_queue_ids)
    universal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # the hall's green-channel 专窗: calls green tickets of every queue of the hall first
    green_channel: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    groups: Mapped[list[WindowGroup]] = relationship(
        secondary=window_group_member, back_populates="windows"
    )

    @property
    def label(self) -> str:
        return f"{self.number}号窗口"


class QueueKind(enum.StrEnum):
    """What a queue is for: an ordinary line of catalog matters, or a special queue the
    kiosk offers as a big button on its home screen (docs/kiosk.md)."""

    NORMAL = "normal"
    COMPLAINT = "complaint"  # 有诉即办: a visitor's complaint or request, handled at once
    PICKUP = "pickup"  # 综合出件: pick-up of finished documents


QUEUE_KIND_LABELS = {QueueKind.NORMAL: "", QueueKind.COMPLAINT: "有诉即办", QueueKind.PICKUP: "综合出件"}


class WindowGroup(Base):
    """Windows sharing one line (窗口组); a ticket waits in exactly one of these queues."""

    __tablename__ = "window_group"
    __table_args__ = (UniqueConstraint("hall_id", "prefix"), UniqueConstraint("hall_id", "name"))

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    # as the catalog wrote it: "15-20号窗口"
    name: Mapped[str] = mapped_column(String(100))
    # ticket numbers start with this: A012
    prefix: Mapped[str] = mapped_column(String(2))
    # the field of service the kiosk browses by, e.g. 社会救助, 医疗保障 (hall profile)
    domain: Mapped[str] = mapped_column(String(50), default="")
    # False once a manager retires it: it keeps its letter (old tickets show it)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    # 放号量: tickets the kiosks may issue in this queue per business day; None = no cap
    daily_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # normal, or a special queue (有诉即办, 综合出件) issued through its built-in scenario
    kind: Mapped[QueueKind] = mapped_column(
        Enum(QueueKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=QueueKind.NORMAL, server_default=QueueKind.NORMAL.value,
    )

    windows: Mapped[list[Window]] = relationship(
        secondary=window_group_member, back_populates="groups", order_by="Window.number"
    )

    @property
    def window_numbers(self) -> list[int]:
        """The active windows serving this queue (a retired window is offered nowhere)."""
        return [w.number for w in self.windows if w.active]


class Scenario(Base):
    """What a visitor actually picks (细化应用场景)."""

    __tablename__ = "scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id", ondelete="CASCADE"), index=True)
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    # None only for a withdrawn matter that never had a queue (no ticket is ever issued)
    window_group_id: Mapped[int | None] = mapped_column(ForeignKey("window_group.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(300))
    # catalog section heading, e.g. 乡镇级办结事项; the kiosk browses by it
    section: Mapped[str] = mapped_column(String(100), default="")
    # 序号 within the section, and the line of the source file
    seq: Mapped[int | None] = mapped_column(Integer)
    source_line: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(40), default="")
    time_limit_raw: Mapped[str] = mapped_column(Text, default="")
    time_limit_kind: Mapped[TimeLimitKind] = mapped_column(
        Enum(TimeLimitKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=TimeLimitKind.NONE,
    )
    legal_days: Mapped[int | None] = mapped_column(Integer)
    promised_days: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Role.UNKNOWN,
    )
    role_raw: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    window_raw: Mapped[str] = mapped_column(String(100), default="")
    materials_raw: Mapped[str] = mapped_column(Text, default="")
    # a note to show before the checklist, e.g. 需要去连队/社区申请
    notice: Mapped[str] = mapped_column(Text, default="")
    # False once a re-import no longer lists it (kept: old tickets point at it)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # the hall no longer handles it (seed 002's 收回 lists): searchable, says where to go
    # (``handed_to``, the 承接部门), issues no ticket (bianmin.catalog.guide)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    handed_to: Mapped[str] = mapped_column(Text, default="", server_default="")
    # the service guide (办事指南, 八公开), "" where the hall has none (bianmin.catalog.guide)
    guide_basis: Mapped[str] = mapped_column(Text, default="", server_default="")
    guide_conditions: Mapped[str] = mapped_column(Text, default="", server_default="")
    guide_procedure: Mapped[str] = mapped_column(Text, default="", server_default="")
    guide_fees: Mapped[str] = mapped_column(Text, default="", server_default="")
    guide_place: Mapped[str] = mapped_column(Text, default="", server_default="")
    guide_hours: Mapped[str] = mapped_column(Text, default="", server_default="")
    guide_delivery: Mapped[str] = mapped_column(Text, default="", server_default="")
    guide_enquiry: Mapped[str] = mapped_column(Text, default="", server_default="")
    # the one scenario of a special queue (有诉即办, 综合出件), made by catalog/special.py:
    # every ticket needs a scenario, and the kiosk issues these without the visitor
    # choosing one; catalog imports neither match nor retire it, search does not list it
    builtin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    matter: Mapped[Matter | None] = relationship()
    department: Mapped[Department | None] = relationship()
    window_group: Mapped[WindowGroup | None] = relationship()
    materials: Mapped[list[Material]] = relationship(
        order_by="Material.position", cascade="all, delete-orphan"
    )

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    @property
    def guide(self) -> dict[str, str]:
        """The service-guide fields by key (bianmin.catalog.guide.GUIDE_KEYS), "" = none."""
        return {key: getattr(self, column(key)) or "" for key in GUIDE_KEYS}


class Material(Base):
    """One item of a scenario's checklist (办理要件), in order."""

    __tablename__ = "material"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenario.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
