"""Shared input types and the error body: the limits every area's declarations build on."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.halls import HALL_CODE
from bianmin.errors import BianminError
from bianmin.queue.call_errors import UnknownWindow
from bianmin.queue.errors import UnknownTicket

# PostgreSQL ``integer``: every id and window number is stored in one
MAX_INT = 2**31 - 1
# no NUL (PostgreSQL refuses it in text); lone surrogates (not encodable as UTF-8) are
# refused by pydantic itself. Written so that Python's re and the Rust engines of schema
# tools read them alike (no surrogates in the pattern, white space spelled out).
PLAIN = r"^[^\u0000]*$"
# what str.strip() removes: Unicode White_Space plus the separators \x1c-\x1f
SPACE = r"\t\n\u000b\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# PLAIN with at least one character that is not white space
NONBLANK = rf"^[^\u0000]*[^\u0000{SPACE}][^\u0000]*$"
DIGITS = re.compile(r"[0-9]{1,10}")


def _from_digits(value: Any) -> Any:
    """A path or query value: real ASCII digits only ("²" and "３" pass str.isdigit())."""
    if isinstance(value, str):
        if not DIGITS.fullmatch(value):
            raise PydanticCustomError("int_parsing", "not an integer")
        return int(value)
    return value


def text(max_length: int, *, min_length: int = 0, description: str | None = None) -> Any:
    """A string of at most ``max_length`` characters, without NUL or lone surrogates."""
    return Annotated[str, Field(min_length=min_length or None, max_length=max_length,
                                pattern=PLAIN, description=description)]


def _nonblank(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("blank", "only white space")
    return value


def nonblank_text(max_length: int, *, description: str | None = None) -> Any:
    """Like ``text``, trimmed, and not only white space; the limit counts before trimming."""
    return Annotated[str, Field(max_length=max_length, pattern=PLAIN, description=description,
                                json_schema_extra={"pattern": NONBLANK}),
                     AfterValidator(_nonblank)]


def _whole(value: Any) -> Any:
    """JSON Schema counts 3.0 as an integer: so does the server (3.5, "3", true stay refused)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# a JSON integer (not a string, boolean or fraction) that fits an integer column
Id = Annotated[int, Field(ge=1, le=MAX_INT), BeforeValidator(_whole)]


def whole_between(lowest: int, highest: int) -> Any:
    """A JSON integer ``lowest``..``highest`` in a body (3.0 counts; "3", true, 3.5 do not)."""
    return Annotated[int, Field(ge=lowest, le=highest), BeforeValidator(_whole)]


# the same in a path segment or query string: ASCII digits only
IdText = Annotated[int, Field(ge=1, le=MAX_INT), BeforeValidator(_from_digits)]
HallCode = Annotated[str, Field(pattern=HALL_CODE.pattern, description=(
    "The hall's code (lower-case letters, digits, - and _); the embedded default is `demo`."))]


def bounded_int(largest: int, *, description: str | None = None) -> Any:
    """An integer 1..``largest`` in a query string (ASCII digits)."""
    return Annotated[int, Field(ge=1, le=largest, description=description),
                     BeforeValidator(_from_digits)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def absent(description: str | None = None) -> Any:
    """An optional field that, when sent, may not be null (the document shows no default)."""
    return Field(None, description=description, json_schema_extra=_no_default)


class Input(BaseModel):
    """A request part: strict types (no "1" for 1, no true for 1), unknown fields ignored.

    ``codes`` and ``hints`` name, per field (or ``field.error_type``), the error code and
    the Chinese message a refusal carries; without them a generic message names the field.
    ``refusal`` (path parameters): the error raised instead of a 400, e.g. an unknown hall.
    """

    model_config = ConfigDict(strict=True, extra="ignore", regex_engine="python-re", frozen=True)
    codes: ClassVar[dict[str, str]] = {}
    hints: ClassVar[dict[str, str]] = {}
    # the Chinese word for a field in the per-field problems (a form shows them by the field)
    labels: ClassVar[dict[str, str]] = {}
    # a field's whole problem sentence, whatever was wrong with it (else one per error type)
    problems: ClassVar[dict[str, str]] = {}
    refusal: ClassVar[dict[str, type[BianminError]]] = {}


class Answer(BaseModel):
    """An answer's shape, for the OpenAPI document; the views build the JSON themselves."""

    model_config = ConfigDict(extra="allow")


class Error(Answer):
    """Every error answer (4xx, 5xx)."""

    error: str = Field(description="stable code for programs, e.g. unknown_hall")
    message: str = Field(description="what happened and what to do, in Chinese")
    details: dict[str, Any] = Field(default_factory=dict, description=(
        "optional; `fields`: one entry (`field`, `problem`) per refused input field"))


class HallPath(Input):
    hall: HallCode
    refusal = {"hall": UnknownHall}


class TicketPath(Input):
    ticket_id: IdText
    refusal = {"ticket_id": UnknownTicket}


class WindowPath(Input):
    window: Annotated[IdText, Field(description=(
        "The window's number in the signed-in staff member's hall; it must be the window "
        "they signed in at."))]
    refusal = {"window": UnknownWindow}
