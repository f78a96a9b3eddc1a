"""Tickets: daily numbering, the state machine, the event log, call policy, statistics.

Domain code: plain SQLAlchemy and Python, no Flask (tests/unit/test_layering.py checks).
"""
