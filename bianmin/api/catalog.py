"""Catalog and search endpoints."""
