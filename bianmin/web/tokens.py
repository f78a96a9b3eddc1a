"""Short signed ticket tokens for the status page behind the ticket's QR code.

Ticket ids are sequential; the token adds an HMAC so that a visitor's QR code shows their
own ticket and nobody can walk through other people's matters by counting.
"""

from __future__ import annotations

import hashlib
import hmac

from bianmin.queue.errors import UnknownTicket


def _mac(secret: str, ticket_id: int) -> str:
    digest = hmac.new(secret.encode(), f"ticket:{ticket_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:12]


def ticket_token(secret: str, ticket_id: int) -> str:
    return f"{ticket_id}-{_mac(secret, ticket_id)}"


def ticket_id_from_token(secret: str, token: str) -> int:
    ticket_part, _, mac = token.partition("-")
    if not ticket_part.isdigit() or not hmac.compare_digest(mac, _mac(secret, int(ticket_part))):
        raise UnknownTicket()
    return int(ticket_part)
