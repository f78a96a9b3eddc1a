"""bianmin: the township service hall's kiosk and queue-ticket system."""

__version__ = "0.1.0"
