"""Every answer of every route (pages, API, static files, errors) carries the security headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bianmin

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
SAMPLE = {"int": "1", "string": "demo", "path": "base.css"}


def filled(rule) -> str:  # type: ignore[no-untyped-def]
    path = rule.rule
    for converter, name in re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", path):
        value = SAMPLE.get(converter or "string", "1")
        path = re.sub(r"<(?:\w+(?:\([^)]*\))?:)?" + name + ">", value, path, count=1)
    return path


def assert_secured(response, where: str) -> None:  # type: ignore[no-untyped-def]
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (where, name, response.headers)
    policy = response.headers.get("Content-Security-Policy", "")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'", where
    assert directives["style-src"] == "'self'", where
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
    assert directives["frame-ancestors"] == "'none'", where
    assert directives["object-src"] == "'none'", where
    assert directives["base-uri"] == "'self'", where
    assert directives["img-src"] == "'self' data:", where
    assert directives["connect-src"] == "'self' ws://localhost wss://localhost", where


def test_every_route_answers_with_the_security_headers(app, client) -> None:  # type: ignore[no-untyped-def]
    seen = 0
    for rule in app.url_map.iter_rules():
        path = filled(rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method, json={} if method != "GET" else None)
            assert response.status_code < 500, (method, path, response.status_code)
            assert_secured(response, f"{method} {path} → {response.status_code}")
            response.close()
            seen += 1
    assert seen > 30
    # and the error answers too: unknown page, unknown API path, wrong method
    for method, path in [("GET", "/no-such-page"), ("GET", "/api/v1/nothing"),
                         ("DELETE", "/healthz")]:
        response = client.open(path, method=method, headers={"Accept": "text/html"})
        assert response.status_code in (404, 405)
        assert_secured(response, f"{method} {path}")


@pytest.mark.parametrize("folder", ["templates", "kiosk/templates", "counter/templates",
                                    "display/templates", "manage/templates", "rate/templates"])
def test_templates_have_no_inline_script_handlers_or_styles(folder: str) -> None:
    for page in (Path(bianmin.__file__).parent / folder).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            # a data block (application/json) is not run; anything else must come from src
            assert "src=" in tag or 'type="application/json"' in tag, (page, tag)
        assert not re.search(r"<script\b(?![^>]*src=)(?![^>]*application/json)", text), page
        assert not re.search(r"\son[a-z]+\s*=", text), page
        assert not re.search(r"\sstyle\s*=", text), page
        assert "<style" not in text, page
        assert "javascript:" not in text, page
