"""The audit trail (电子监察) of what people and devices did outside a ticket's own life.

Ticket transitions live in ``ticket_event``; sign-ins, sign-outs, session ends, device
enrolments and revocations, and later settings changes are ``audit_event`` rows. Domain
code: no Flask.
"""
