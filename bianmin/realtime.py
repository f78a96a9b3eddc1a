"""Socket.IO: the one place that joins rooms and emits (see docs/realtime.md)."""

from __future__ import annotations

from flask import Flask
from flask_socketio import SocketIO

from bianmin.settings import Settings


def init_realtime(app: Flask, settings: Settings) -> SocketIO:
    socketio = SocketIO(
        app,
        async_mode=settings.async_mode,
        message_queue=settings.message_queue or None,
        # screens and kiosks are served from this same server
        cors_allowed_origins=[],
    )
    return socketio


def socketio_of(app: Flask) -> SocketIO:
    return app.extensions["socketio"]
