"""Statistics: a hall's report figures for a period, computed from the event log (no Flask).

``report`` (grouped rows for the API and exports), ``today_so_far`` (the dashboard),
``export`` (CSV and XLSX with Chinese headers). See docs/statistics.md.
"""

from bianmin.stats.report import GROUPINGS, report, today_so_far

__all__ = ["GROUPINGS", "report", "today_so_far"]
