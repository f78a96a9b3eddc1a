"""Every table, imported once so that metadata (and Alembic) sees them all."""

from bianmin.audit.models import AuditEvent  # noqa: F401
from bianmin.catalog.misses import SearchMiss  # noqa: F401
from bianmin.catalog.models import (  # noqa: F401
    Department,
    Hall,
    Material,
    Matter,
    Scenario,
    Window,
    WindowGroup,
)
from bianmin.db import Base  # noqa: F401
from bianmin.devices.models import Device  # noqa: F401
from bianmin.notices.models import Notice, NoticeCounter  # noqa: F401
from bianmin.printer.models import PrintJob, PrintWorker  # noqa: F401
from bianmin.queue.consults import GuideConsult  # noqa: F401
from bianmin.queue.models import Ticket, TicketCounter, TicketEvent  # noqa: F401
from bianmin.queue.windows import WindowState  # noqa: F401
from bianmin.ratings.models import Rating, RatingFollowUp, RatingFollowUpNote  # noqa: F401
from bianmin.staff.models import Staff, StaffSession  # noqa: F401
from bianmin.stats.models import TicketFact, TicketFactDay  # noqa: F401

metadata = Base.metadata
