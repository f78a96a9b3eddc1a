"""``GET /api/v1/openapi.json``: the public API as an OpenAPI 3.1 document.

Built from the application's routes and their ``@operation`` declarations
(``bianmin.api.declare``): the paths from Flask's URL map, the parameters, bodies and
answers from the pydantic models in ``bianmin/api/shapes``. Nothing is written twice, so
the document states exactly the limits the server enforces.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, current_app
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from bianmin.api import blueprint
from bianmin.api.declare import Operation, operation, operation_of
from bianmin.api.security import SCHEMES
from bianmin.api.shapes.common import Error

PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"
CACHE_KEY = "openapi.document"
ERROR_TEXTS = {
    400: "Bad input; `message` says in Chinese what to change, `details.fields` which field",
    401: "Not signed in",
    403: "Signed in, but not allowed here",
    404: "No such hall, scenario, ticket or window",
    409: "Not possible in the current state",
    413: "The body is larger than 64 KiB",
    415: "The body is not `application/json`",
    429: "Too many requests; `Retry-After` says after how many seconds to retry",
    503: "Database busy or unreachable; nothing was written, retry",
}
SUCCESS_TEXTS = {200: "OK", 201: "Created"}


class _Schemas(GenerateJsonSchema):
    """Pydantic's JSON Schema without a title on every property."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def routes(app: Flask) -> list[tuple[str, str, Any]]:
    """(OpenAPI path, method, view) of every ``/api/v1`` route."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX + "/"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix(PREFIX))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((path, method.lower(), app.view_functions[rule.endpoint]))
    return found


def document(app: Flask) -> dict[str, Any]:
    """The OpenAPI document of every declared ``/api/v1`` route of ``app``."""
    operations = [(path, method, op) for path, method, view in routes(app)
                  if (op := operation_of(view)) is not None]
    models: set[tuple[type[BaseModel], str]] = {(Error, "serialization")}
    for _, _, op in operations:
        if op.body is not None:
            models.add((op.body, "validation"))
        models.update((m, "serialization") for m in op.answers.values() if m is not None)
    refs, defs = models_json_schema(sorted(models, key=lambda m: (m[0].__name__, m[1])),
                                    ref_template=REF, schema_generator=_Schemas)
    paths: dict[str, dict[str, Any]] = {}
    seen_ids: set[str] = set()
    for path, method, op in operations:
        if op.operation_id in seen_ids:
            raise ValueError(f"operationId {op.operation_id} is declared twice")
        seen_ids.add(op.operation_id)
        paths.setdefault(path, {})[method] = _operation(op, refs)
    tags = sorted({op.tag for _, _, op in operations})
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "便民服务中心 取号叫号系统 API",
            "version": "1",
            "description": "Kiosks, screens, counter terminals and the hall's other systems "
                           "use these entry points (docs/api.md). Every error is "
                           '`{"error": code, "message": text}` with a Chinese message.',
        },
        "servers": [{"url": PREFIX}],
        "tags": [{"name": tag} for tag in tags],
        "paths": paths,
        "components": {"schemas": defs.get("$defs", {}), "securitySchemes": SCHEMES},
    }


def _operation(op: Operation, refs: dict) -> dict[str, Any]:
    parameters = [*_parameters(op.path, "path"), *_parameters(op.query, "query")]
    answer: dict[str, Any] = {"tags": [op.tag], "operationId": op.operation_id,
                              "summary": op.summary}
    if op.description:
        answer["description"] = op.description
    if parameters:
        answer["parameters"] = parameters
    if op.body is not None:
        answer["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": refs[(op.body, "validation")]}}}
    responses: dict[str, Any] = {}
    # an answer that is not JSON (the announcement's WAV): its content as given
    media = op.extra.get("x-answer-media")
    for status, model in sorted(op.answers.items()):
        schema = refs[(model, "serialization")] if model is not None else {"type": "object"}
        content = media if media and status == 200 else {"application/json": {"schema": schema}}
        responses[str(status)] = {"description": SUCCESS_TEXTS.get(status, "OK"), "content": content}
    for status in op.errors:
        responses[str(status)] = {"description": ERROR_TEXTS.get(status, "Error"),
                                  "content": {"application/json": {
                                      "schema": refs[(Error, "serialization")]}}}
    answer["responses"] = responses
    return {**answer, **{k: v for k, v in op.extra.items() if k != "x-answer-media"}}


def _parameters(model: type[BaseModel] | None, where: str) -> list[dict[str, Any]]:
    if model is None:
        return []
    schema = model.model_json_schema(ref_template=REF, schema_generator=_Schemas)
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = dict(prop)
        parameter = {"name": name, "in": where, "required": where == "path" or name in required,
                     "schema": prop}
        if "description" in prop:
            parameter["description"] = prop.pop("description")
        parameters.append(parameter)
    return parameters


@blueprint.get("/openapi.json")
@operation("getOpenApi", "The API described as OpenAPI 3.1", answers={200: None}, tag="meta")
def openapi() -> dict[str, Any]:
    """This API described as OpenAPI 3.1 (built once per process)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cached = app.extensions.get(CACHE_KEY)
    if cached is None:
        cached = app.extensions.setdefault(CACHE_KEY, document(app))
    return cached
