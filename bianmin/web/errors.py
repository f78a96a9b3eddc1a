"""Map every error to one HTTP status: JSON for API clients, a Chinese page for people.

Every answer that is not a success goes through here — the domain's error kinds, Flask's
and Werkzeug's HTTP errors (404, 405 with ``Allow``, 413, 414, 415), a locked database and
any unexpected exception (500, logged with its traceback) — so that no client ever sees
an English body or an empty one.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, abort, jsonify, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from bianmin import errors
from bianmin.web.limits import RateLimited

log = logging.getLogger(__name__)

STATUS = {
    errors.InvalidInput: 400,
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    RateLimited: 429,
    errors.Unavailable: 503,
}

# the code and Chinese message of each HTTP error the framework raises itself
HTTP_ERRORS = {
    400: ("bad_request", "请求格式有误，请检查后重试。"),
    401: ("unauthorized", "请先登录。"),
    403: ("forbidden", "您没有权限进行这个操作。"),
    404: ("not_found", "没有找到这个页面，请检查地址。"),
    405: ("method_not_allowed", "不支持这个操作（请求方法不对）。"),
    406: ("not_acceptable", "无法提供您要的格式。"),
    408: ("request_timeout", "请求超时，请重试。"),
    413: ("payload_too_large", "提交的内容太大，请精简后重试。"),
    414: ("uri_too_long", "网址太长，请缩短查找内容后重试。"),
    415: ("unsupported_media_type", "请以 JSON 格式提交。"),
    429: ("rate_limited", "操作太频繁，请稍后再试。"),
    431: ("headers_too_large", "请求头太大，请清理浏览器数据后重试。"),
    500: ("internal_error", "系统出了点问题，请稍后再试；如果一直这样，请联系工作人员。"),
    503: ("unavailable", "系统繁忙，请稍后再试。"),
}
# longest path plus query string the app answers (eventlet reads up to REQUEST_LINE_LIMIT)
MAX_URL = 8192
REQUEST_LINE_LIMIT = 64 * 1024


def status_of(error: errors.BianminError) -> int:
    for kind, status in STATUS.items():
        if isinstance(error, kind):
            return status
    return 400


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, code: str, message: str, details: dict | None = None) -> Response:
    if wants_json():
        body = {"error": code, "message": message}
        if details:
            body["details"] = details
        response = jsonify(body)
    else:
        response = Response(
            render_template("error.html", status=status, message=message), mimetype="text/html"
        )
    response.status_code = status
    return response


def check_request_line() -> None:
    """Before routing: refuse an over-long URL (414) and NUL in the path (404) or query (400).

    PostgreSQL refuses NUL in text, so it must never reach a query; Werkzeug decodes ``%00``.
    """
    query = request.query_string
    if len(request.path.encode("utf-8", "replace")) + len(query) > MAX_URL:
        abort(414)
    if "\x00" in request.path:
        abort(404)
    if b"%00" in query or b"\x00" in query:
        raise errors.InvalidInput("查询参数含有不允许的字符（NUL），请检查后重试。",
                                  code="invalid_query_string")


def register(app: Flask) -> None:
    app.before_request(check_request_line)

    @app.errorhandler(errors.BianminError)
    def _domain(error: errors.BianminError):  # type: ignore[no-untyped-def]
        response = error_response(status_of(error), error.code, error.message, error.details or None)
        if isinstance(error, RateLimited):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):  # type: ignore[no-untyped-def]
        status = error.code or 500
        code, message = HTTP_ERRORS.get(status, (f"http_{status}", "请求未能完成，请稍后再试。"))
        response = error_response(status, code, message)
        # 405 names the methods the path takes (Allow); 429/503 may say when to retry
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(OperationalError)
    def _database_busy(error: OperationalError):  # type: ignore[no-untyped-def]
        # a locked or unreachable database: nothing was written, the client may retry
        log.warning("database unavailable: %s", error)
        return error_response(503, "database_busy", errors.Unavailable.message)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # type: ignore[no-untyped-def]
        # a bug: the traceback goes to the log, the client gets a Chinese 500
        log.exception("unhandled error on %s %s", request.method, request.path)
        code, message = HTTP_ERRORS[500]
        return error_response(500, code, message)
