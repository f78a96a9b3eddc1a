"""Security headers on every answer: pages run only this server's scripts and styles.

No template has inline script, inline event handlers or style attributes (styles live in
static files; scripts set element.style through the CSSOM, which CSP allows), so the
policy needs no 'unsafe-inline'. Socket.IO connects back to the host the page came from,
by ws:// or wss://, which older browsers do not count as 'self'.
"""

from __future__ import annotations

from flask import Flask, Response, request

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # for browsers without CSP frame-ancestors
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def content_security_policy(host: str) -> str:
    sockets = f"ws://{host} wss://{host}" if _plain_host(host) else ""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        # the lobby plays each call's WAV from a blob: URL (fetched with its device token)
        "media-src 'self' blob:",
        f"connect-src 'self' {sockets}".strip(),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def register(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in STATIC_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy",
                                    content_security_policy(request.host))
        return response


def _plain_host(host: str) -> bool:
    """A Host header fit to be written into the policy (no spaces, quotes or separators)."""
    return 0 < len(host) <= 255 and all(c.isalnum() or c in ".-:[]_" for c in host) and host.isascii()
