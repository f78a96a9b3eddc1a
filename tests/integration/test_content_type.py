"""What a POST that is not JSON gets: 415 by its Content-Type, 400 by its body (docs/api.md).

The rule API clients rely on: the Content-Type decides first. Anything but JSON is 415
``unsupported_media_type`` (send it again as application/json), whatever the body holds;
a body declared as JSON that is not a JSON object is 400 ``invalid_json`` (fix the body).
On counter actions the sign-in (401) is checked before either; the hall and the issuer
(404, 401 device_required) are checked after the body has been read.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.integration.test_bad_input import Hall, hall, refused  # noqa: F401  (fixture)

TICKETS = "/api/v1/halls/demo/tickets"
VALID = '{"scenario_id": 1, "request_id": "content-type-1"}'


@pytest.mark.parametrize("path", [TICKETS, "/api/v1/session", "/api/v1/windows/1/call-next"])
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_valid_json_under_another_content_type_is_a_415(
    hall: Hall, path: str, content_type: str | None  # noqa: F811
) -> None:
    hall.sign_in(window=1)
    before = hall.written()
    refused(hall.client.post(path, data=VALID, content_type=content_type), 415,
            "unsupported_media_type")
    assert hall.written() == before


@pytest.mark.parametrize("path", [TICKETS, "/api/v1/session", "/api/v1/windows/1/call-next"])
@pytest.mark.parametrize("raw", ["scenario_id=1", "[1]", "{", ""])
def test_a_json_content_type_with_a_body_that_is_no_json_object_is_a_400(
    hall: Hall, path: str, raw: str  # noqa: F811
) -> None:
    hall.sign_in(window=1)
    before = hall.written()
    answer = hall.client.post(path, data=raw, content_type="application/json")
    if raw == "" and path.endswith("call-next"):
        assert answer.status_code != 400  # an action without fields takes an empty body
        return
    refused(answer, 400, "invalid_json")
    assert hall.written() == before


def test_the_sign_in_comes_before_the_content_type_and_the_hall_after_it(hall: Hall) -> None:  # noqa: F811
    client: FlaskClient = hall.client
    refused(client.post("/api/v1/windows/1/call-next", data="{}", content_type="text/plain"),
            401, "not_signed_in")
    refused(client.post("/api/v1/halls/nowhere/tickets", data=VALID, content_type="text/plain"),
            415, "unsupported_media_type")
    # the same body as JSON gets past the content type to the hall's own checks
    assert client.post("/api/v1/halls/nowhere/tickets", data=VALID,
                       content_type="application/json").status_code != 415
