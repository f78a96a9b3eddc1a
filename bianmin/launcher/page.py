"""The launcher's local start page and its ``/status`` (is the hall's server up?).

Served on 127.0.0.1 by the launcher, so it shows even when the server box is off; the page
polls ``/status`` on its own origin and goes to the hall's page once the server answers.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files

_FILES = {
    "/": ("start.html", "text/html; charset=utf-8"),
    "/start.js": ("start.js", "text/javascript; charset=utf-8"),
    "/start.css": ("start.css", "text/css; charset=utf-8"),
}
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def start_page_server(target: str, is_up: Callable[[], bool], port: int = 0) -> ThreadingHTTPServer:
    """Serve the start page on 127.0.0.1:``port`` (0: any free port) in a daemon thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            path = self.path.split("?", 1)[0]
            if path == "/status":
                body = json.dumps({"up": is_up(), "target": target}).encode()
                kind = "application/json"
            elif path in _FILES:
                name, kind = _FILES[path]
                body = files("bianmin.launcher").joinpath("static", name).read_bytes()
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", _CSP)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass  # a poll a second: not for the journal

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="start-page", daemon=True).start()
    return server
