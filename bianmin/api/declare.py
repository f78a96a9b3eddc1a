"""``@operation``: declare an endpoint's inputs and answers once; validate and document them.

A view states its path parameters, query string, JSON body and answers as pydantic
models (``bianmin/api/shapes``). The decorator validates each request against them before
the view runs — path values replace the view's arguments, the query and body arrive as
``query=`` and ``body=`` — and records the operation, from which ``bianmin.api.openapi``
builds ``/api/v1/openapi.json``. A refused field is a 400 naming the field in Chinese
(or, for a path value, the model's ``refusal``, e.g. 404 unknown hall)::

    @blueprint.get("/halls/<hall>/catalog/search")
    @operation("searchCatalog", "Scenarios ranked for a query", path=HallPath,
               query=SearchQuery, answers={200: SearchResponse}, errors=(400, 404))
    def search(hall: str, query: SearchQuery) -> dict: ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import request
from pydantic import BaseModel, ValidationError

from bianmin.api.shapes.common import Input
from bianmin.errors import BianminError, InvalidInput
from bianmin.web.jsonbody import read_json

View = Callable[..., Any]


@dataclass(frozen=True)
class Operation:
    """What ``/api/v1/openapi.json`` says about one route (with its method from Flask)."""

    operation_id: str
    summary: str
    description: str
    tag: str
    path: type[Input] | None
    query: type[Input] | None
    body: type[Input] | None
    # status → answer model (None: a JSON object of no declared shape)
    answers: dict[int, type[BaseModel] | None]
    errors: tuple[int, ...]
    extra: dict[str, Any] = field(default_factory=dict)


def operation(
    operation_id: str,
    summary: str,
    *,
    answers: dict[int, type[BaseModel] | None],
    path: type[Input] | None = None,
    query: type[Input] | None = None,
    body: type[Input] | None = None,
    empty_body: bool = False,
    errors: tuple[int, ...] = (),
    auth: Callable[..., Any] | None = None,
    description: str = "",
    tag: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Callable[[View], View]:
    """Validate the request against the declarations, then call the view.

    ``empty_body``: an empty JSON body counts as ``{}`` (actions without fields).
    ``auth``: called with the path values before the query and body are read (so that a
    signed-out client learns 401 first); its result reaches the view as ``auth=``.
    ``errors``: the error statuses the view itself may answer; 400 (inputs), 404 (path),
    415 (body) and 503 (database busy) are added where they apply. ``extra``: more
    OpenAPI fields for this operation (e.g. ``{"security": ...}``).
    """

    def wrap(view: View) -> View:
        statuses = set(errors) | {503}
        if query is not None or body is not None or path is not None:
            statuses.add(400)
        if path is not None:
            statuses.add(404)
        if body is not None:
            statuses |= {413, 415}
        if auth is not None:
            statuses |= {401, 403}
        declared = Operation(
            operation_id=operation_id, summary=summary, description=description,
            tag=tag or view.__module__.rsplit(".", 1)[-1], path=path, query=query, body=body,
            answers=dict(answers), errors=tuple(sorted(statuses)), extra=dict(extra or {}),
        )

        @functools.wraps(view)
        def run(**view_args: Any) -> Any:
            if path is not None:
                view_args.update(dict(validated(path, view_args)))
            if auth is not None:
                view_args["auth"] = auth(**view_args)
            if query is not None:
                view_args["query"] = validated(query, request.args.to_dict(flat=True))
            if body is not None:
                view_args["body"] = validated(body, read_json(allow_empty=empty_body))
            return view(**view_args)

        run.operation = declared  # type: ignore[attr-defined]
        return run

    return wrap


def operation_of(view: View) -> Operation | None:
    return getattr(view, "operation", None)


def validated(model: type[Input], data: dict[str, Any]) -> Input:
    """``data`` as ``model``, or the error of the first refused field (all listed in details)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise refusal_of(model, exc.errors(include_url=False)) from None


def refusal_of(model: type[Input], problems: list[Any]) -> BianminError:
    fields: list[dict[str, str]] = []
    for problem in problems:
        name = str(problem["loc"][0]) if problem["loc"] else ""
        if all(f["field"] != name for f in fields):  # one per field (a union tries several)
            text = model.problems.get(name) or _problem_text(name, problem)
            if name in model.labels:
                text = text.replace(name, model.labels[name], 1)
            fields.append({"field": name, "problem": text})
    first = problems[0]
    name = fields[0]["field"]
    if name in model.refusal:
        return model.refusal[name]()
    kind = f"{name}.{first['type']}"
    message = model.hints.get(kind) or model.hints.get(name) or fields[0]["problem"]
    code = model.codes.get(kind) or model.codes.get(name) or InvalidInput.code
    return InvalidInput(message, code=code, fields=fields)


def _problem_text(name: str, problem: dict[str, Any]) -> str:
    """A Chinese sentence naming the field and what to change."""
    kind, ctx = problem["type"], problem.get("ctx") or {}
    if not name:
        return "请求内容必须是 JSON 对象。"
    texts = {
        "missing": f"请填写 {name}。",
        "blank": f"{name} 不能为空。",
        "string_type": f"{name} 必须是文字（字符串）。",
        "string_unicode": f"{name} 含有无法识别的字符，请重新输入。",
        "string_too_short": (f"{name} 不能为空。" if ctx.get("min_length") == 1
                             else f"{name} 至少要 {ctx.get('min_length')} 个字符。"),
        "string_too_long": f"{name} 太长了，最多 {ctx.get('max_length')} 个字符。",
        "string_pattern_mismatch": f"{name} 含有不允许的字符或格式不对，请检查后重试。",
        "int_type": f"{name} 必须是整数。",
        "int_parsing": f"{name} 必须是整数（只用数字 0–9）。",
        "int_from_float": f"{name} 必须是整数。",
        "greater_than_equal": f"{name} 不能小于 {ctx.get('ge')}。",
        "less_than_equal": f"{name} 不能大于 {ctx.get('le')}。",
        "literal_error": f"{name} 只能是 {ctx.get('expected')}。",
        "enum": f"{name} 只能是 {ctx.get('expected')}。",
        "bool_type": f"{name} 只能是 true 或 false。",
        "list_type": f"{name} 必须是列表。",
        "too_long": f"{name} 的项目太多，最多 {ctx.get('max_length')} 项。",
        "dict_type": f"{name} 必须是 JSON 对象。",
        "model_type": "请求内容必须是 JSON 对象。",
    }
    return texts.get(kind, f"{name} 的内容有误，请检查后重试。")
