"""Every request and answer of ``/api/v1``, declared once as pydantic models (docs/api.md).

``bianmin.api.declare.operation`` validates requests with them and
``bianmin.api.openapi`` derives ``/api/v1/openapi.json`` from them: the limits a client
reads in the document are the limits the server enforces. One module per area; the
shared types (ids, hall codes, plain text) are in ``common``.
"""
