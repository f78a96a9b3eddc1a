"""Flask glue shared by the blueprints: error mapping, request parsing, the app context."""
