"""Reading a JSON request body safely: JSON content type only, bounded size and nesting.

The size is bounded by ``MAX_CONTENT_LENGTH`` (413); the nesting is measured on the raw
bytes before parsing, so a body nested thousands deep is a 400, never a RecursionError.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import abort, request

from bianmin.errors import InvalidInput

# deeper than any request of the API needs (they are 1–2 levels deep)
MAX_DEPTH = 32
# a JSON string (skipped whole) or a bracket
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def nesting_of(raw: bytes) -> int:
    """How deeply arrays and objects nest in ``raw`` (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _TOKENS.finditer(raw):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


class NotJson(InvalidInput):
    code = "invalid_json"
    message = "请求内容必须是 JSON 对象。"


class TooDeep(InvalidInput):
    code = "json_too_deep"
    message = f"请求内容嵌套太深（最多 {MAX_DEPTH} 层），请检查后重试。"


def read_json(*, allow_empty: bool) -> dict[str, Any]:
    """The request's JSON object; 415 for another content type, 400 for bad JSON.

    ``allow_empty``: an empty body counts as ``{}`` (actions without fields still have to
    be sent as JSON, which keeps other sites' forms out).
    """
    if not request.is_json:
        abort(415)
    raw = request.get_data(cache=True)  # over MAX_CONTENT_LENGTH: 413
    if not raw.strip():
        if allow_empty:
            return {}
        raise NotJson()
    if nesting_of(raw) > MAX_DEPTH:
        raise TooDeep()
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise NotJson() from None
    if not isinstance(data, dict):
        raise NotJson()
    return data
