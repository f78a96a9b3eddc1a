"""Tickets on paper: receipt layout, ESC/POS encoders, printer connections, print jobs."""
