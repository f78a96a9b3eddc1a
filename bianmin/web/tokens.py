"""Short signed ticket tokens for the status page behind the ticket's QR code.

Ticket ids are sequential; the token adds an HMAC so that a visitor's QR code shows their
own ticket and nobody can walk through other people's matters by counting.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from bianmin.queue.errors import UnknownTicket

# ASCII only: "²" passes str.isdigit() and compare_digest refuses non-ASCII text
TOKEN = re.compile(r"(?P<id>[0-9]{1,10})-(?P<mac>[0-9a-f]{12})")
MAX_ID = 2**31 - 1


def _mac(secret: str, ticket_id: int) -> str:
    digest = hmac.new(secret.encode(), f"ticket:{ticket_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:12]


def ticket_token(secret: str, ticket_id: int) -> str:
    return f"{ticket_id}-{_mac(secret, ticket_id)}"


def ticket_id_from_token(secret: str, token: str) -> int:
    """The ticket id the token was signed for; UnknownTicket for anything else (no 500)."""
    match = TOKEN.fullmatch(token)
    if match is None:
        raise UnknownTicket()
    ticket_id = int(match["id"])
    if ticket_id > MAX_ID or not hmac.compare_digest(match["mac"], _mac(secret, ticket_id)):
        raise UnknownTicket()
    return ticket_id
