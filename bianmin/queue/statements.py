"""Prebuilt Core statements for issuing a ticket, the hall's hot path.

Built once at import with bind parameters and executed on the session's connection: no
statement construction, coercion or ORM layer per ticket, and SQLAlchemy's compiled cache
hits at once. Everything else in the queue package uses ordinary ORM queries.
"""

from __future__ import annotations

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Executable

from bianmin.catalog.models import Hall, WindowGroup
from bianmin.queue.models import Ticket, TicketCounter, TicketEvent, TicketStatus

_hall = Hall.__table__
_ticket = Ticket.__table__
_counter = TicketCounter.__table__
_queue = WindowGroup.__table__

HALL_BY_CODE = select(_hall.c.id, _hall.c.timezone, _hall.c.catalog_version, _hall.c.hours,
                      _hall.c.long_cutoff_minutes).where(
    _hall.c.code == bindparam("code")
)

TICKET_BY_REQUEST = select(_ticket.c.id, _ticket.c.scenario_id).where(
    _ticket.c.hall_id == bindparam("hall_id"), _ticket.c.request_id == bindparam("request_id")
)

QUEUE_CAP = select(_queue.c.daily_cap).where(_queue.c.id == bindparam("queue_id"))

# tickets the kiosks issued in a queue on a day (a transfer's new ticket is not one): read
# after the day's counter row is taken, which serialises issuers of the queue (numbering.py)
ISSUED_TODAY = select(func.count(_ticket.c.id)).where(
    _ticket.c.hall_id == bindparam("hall_id"),
    _ticket.c.queue_id == bindparam("queue_id"),
    _ticket.c.business_day == bindparam("day"),
    _ticket.c.transferred_from_id.is_(None),
)

INSERT_TICKET = insert(_ticket).returning(_ticket.c.id)

INSERT_EVENT = insert(TicketEvent.__table__)

WAITING_BY_PRIORITY = (
    select(_ticket.c.priority, func.count(_ticket.c.id))
    .where(
        _ticket.c.hall_id == bindparam("hall_id"),
        _ticket.c.queue_id == bindparam("queue_id"),
        _ticket.c.business_day == bindparam("day"),
        _ticket.c.status == TicketStatus.WAITING,
    )
    .group_by(_ticket.c.priority)
)

# parameters named apart from the columns: UPDATE reserves the column names for SET values
TAKE_VERSIONS = (
    update(_hall)
    .where(_hall.c.id == bindparam("hall"))
    .values(event_version=_hall.c.event_version + bindparam("count"))
    .returning(_hall.c.event_version)
)


def _next_number(insert_for) -> Executable:  # type: ignore[no-untyped-def]
    statement = insert_for(_counter).values(
        hall_id=bindparam("hall_id"), business_day=bindparam("day"),
        queue_id=bindparam("queue_id"), last_number=1,
    )
    return statement.on_conflict_do_update(
        index_elements=["hall_id", "business_day", "queue_id"],
        set_={"last_number": _counter.c.last_number + 1},
    ).returning(_counter.c.last_number)


# INSERT … ON CONFLICT DO UPDATE … RETURNING, per dialect (see queue/numbering.py)
NEXT_NUMBER = {"sqlite": _next_number(sqlite.insert), "postgresql": _next_number(postgresql.insert)}
