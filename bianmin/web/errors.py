"""Map every error kind to one HTTP status, as JSON for API clients and a page for people."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
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

HTTP_MESSAGES = {
    400: "请求格式有误。",
    404: "没有找到这个页面。",
    405: "不支持这个操作。",
    413: "提交的内容太大。",
    415: "请以 JSON 格式提交。",
}


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


def register(app: Flask) -> None:
    @app.errorhandler(errors.BianminError)
    def _domain(error: errors.BianminError):  # type: ignore[no-untyped-def]
        response = error_response(status_of(error), error.code, error.message, error.details or None)
        if isinstance(error, RateLimited):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):  # type: ignore[no-untyped-def]
        status = error.code or 500
        code = (error.name or "error").lower().replace(" ", "_")
        return error_response(status, code, HTTP_MESSAGES.get(status, error.description or ""))

    @app.errorhandler(OperationalError)
    def _database_busy(error: OperationalError):  # type: ignore[no-untyped-def]
        # a locked or unreachable database: nothing was written, the client may retry
        log.warning("database unavailable: %s", error)
        return error_response(503, "database_busy", errors.Unavailable.message)
