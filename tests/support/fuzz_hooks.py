"""schemathesis hooks for tests/support/fuzz.py (loaded with SCHEMATHESIS_HOOKS).

``FUZZ_PATH_VALUES`` (JSON) names path values to send instead of the drawn ones — the demo
hall, a real ticket, the signed-in staff member's window — so that real data is reached.
Replaced in ``before_call``, where schemathesis re-checks whether the request is still
schema-violating (a configured override is not re-checked and would be judged as the
drawn value it replaced).
"""

from __future__ import annotations

import json
import os

import schemathesis

VALUES: dict[str, object] = json.loads(os.environ.get("FUZZ_PATH_VALUES", "{}"))


@schemathesis.hook
def before_call(context, case, **kwargs):  # type: ignore[no-untyped-def]
    for name, value in VALUES.items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value


# PUT /halls/{hall}/voice/clips/{name} takes a WAV file as its body: sent as raw bytes
schemathesis.serializer.alias("audio/wav", "application/octet-stream")
