"""The hall's catalog: matters, scenarios, materials, windows and queues; importer; search.

Domain code: plain SQLAlchemy and Python, no Flask (tests/unit/test_layering.py checks).
"""
