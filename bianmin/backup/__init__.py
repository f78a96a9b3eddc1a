"""Backups, restore and upgrade of an installation's database (docs/operations.md: Backups).

Free of Flask: the ``bianmin backup|restore|upgrade`` commands and the daily schedule of
``bianmin serve`` (bianmin/web/backup_schedule.py) both call in here.
"""


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message says why, Chinese and English."""
