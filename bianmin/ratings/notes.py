"""A manager's follow-up of a bad rating: append a note, and maybe close it (once)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bianmin.db import Database
from bianmin.errors import InvalidInput
from bianmin.ratings.errors import FollowUpClosed, UnknownFollowUp
from bianmin.ratings.events import FollowUpChanged
from bianmin.ratings.followup import ACTIONS
from bianmin.ratings.models import RatingFollowUp, RatingFollowUpNote

MAX_NOTE = 500


def add_note(db: Database, hall_id: int, rating_id: int, staff_id: int, action: str,
             text: str, close: bool, now: datetime) -> FollowUpChanged:
    """Append the note; ``close`` (or the action ``closed``) also closes the follow-up."""
    text = text.strip()
    if action not in ACTIONS:
        names = "、".join(f"{code}（{word}）" for code, word in ACTIONS.items())
        raise InvalidInput(f"回访记录的类型只能是：{names}。", code="invalid_action")
    close = close or action == "closed"
    if len(text) > MAX_NOTE:
        raise InvalidInput(f"回访记录最多 {MAX_NOTE} 个字。", code="note_too_long")
    if not text and (close or action == "note"):
        raise InvalidInput("请写明回访或整改的情况。", code="note_required")
    with db.write() as session:
        row = session.scalars(select(RatingFollowUp).where(
            RatingFollowUp.rating_id == rating_id, RatingFollowUp.hall_id == hall_id)
            .with_for_update()).first()
        if row is None:
            raise UnknownFollowUp()
        if row.closed_at is not None:
            raise FollowUpClosed()
        session.add(RatingFollowUpNote(rating_id=rating_id, at=now, staff_id=staff_id,
                                       action=action, text=text))
        if close:
            row.closed_at = now
            row.closed_by = staff_id
    return FollowUpChanged(hall_id=hall_id, rating_id=rating_id,
                           state="closed" if close else "open", action=action, at=now)
