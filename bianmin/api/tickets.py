"""Ticket endpoints."""
