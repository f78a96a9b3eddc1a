"""Spoken announcements as WAV, and a hall's own recordings of the clips (docs/display.md).

``GET /halls/<hall>/announcements/<ticket>/<window>.wav`` is what the lobby plays for a
call; it is readable by whoever may watch the hall (open mode, an enrolled device, its
staff), like the snapshot. A hall's managers list and replace its clips; a clip is checked
(mono 16-bit PCM WAV, 8-48 kHz, a plausible length) and refused, not converted, otherwise.
"""

from __future__ import annotations

from flask import Response, request
from sqlalchemy import select

from bianmin.api import blueprint
from bianmin.api.access import require_hall_viewer
from bianmin.api.declare import operation
from bianmin.api.managers import manager_of
from bianmin.api.shapes.common import HallPath
from bianmin.api.shapes.voice import AnnouncementPath, AnnouncementQuery, ClipPath, VoiceClip, VoiceClips
from bianmin.catalog.errors import UnknownHall
from bianmin.catalog.models import Hall, Window
from bianmin.errors import InvalidInput
from bianmin.queue.call_errors import UnknownWindow
from bianmin.voice import clipset
from bianmin.voice.announce import announcement
from bianmin.voice.wavjoin import MAX_BYTES, ClipRefused
from bianmin.web.runtime import runtime

WAV = {"audio/wav": {"schema": {"type": "string", "format": "binary"}}}


def _check_window(hall: str, window: int) -> None:
    with runtime().db.read() as session:
        found = session.execute(
            select(Hall.id, Window.id).outerjoin(Window, (Window.hall_id == Hall.id) & (Window.number == window))
            .where(Hall.code == hall)
        ).first()
    if found is None:
        raise UnknownHall()
    if found[1] is None:
        raise UnknownWindow()


@blueprint.get("/halls/<hall>/announcements/<ticket>/<window>.wav")
@operation("getAnnouncementAudio", "The spoken announcement of a call, as a WAV file",
           description="「请A012号到24号窗口办理」 (with `recall=1`: 「重呼，请…」) joined from the "
           "hall's voice clips (its own recordings, else the default set), mono 16-bit PCM. "
           "Cached per sentence in the instance folder. Outside open mode: for an enrolled "
           "device of the hall (`Authorization: Device <token>`) or its signed-in staff.",
           path=AnnouncementPath, query=AnnouncementQuery, answers={200: None},
           errors=(401, 403), extra={"x-answer-media": WAV})
def announcement_audio(hall: str, ticket: str, window: int, query: AnnouncementQuery) -> Response:
    """The WAV of one call's sentence; X-Voice-Cache says whether it came from the cache."""
    require_hall_viewer(hall)
    _check_window(hall, window)
    made = announcement(runtime().settings.instance, hall, ticket, window, recall=query.recall == "1")
    response = Response(made.wav, mimetype="audio/wav")
    response.headers["X-Voice-Cache"] = "hit" if made.cached else "miss"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response



@blueprint.get("/halls/<hall>/voice/clips")
@operation("listVoiceClips", "The hall's announcement clips: its own recordings and defaults",
           description="For the hall's managers. One row per clip name (docs/display.md).",
           path=HallPath, answers={200: VoiceClips}, errors=(401, 403),
           auth=manager_of)
def list_voice_clips(hall: str, auth: None) -> dict:
    """Every clip name, what it says, and whether the hall has recorded its own."""
    return {"hall": hall, "clips": clipset.listing(runtime().settings.instance, hall)}


@blueprint.put("/halls/<hall>/voice/clips/<name>")
@operation("putVoiceClip", "Replace one of the hall's announcement clips with its own recording",
           description="The body is the WAV file itself (mono, 16-bit PCM, 8-48 kHz, 0.05-3 s; "
           "`pause` up to 1 s; at most 512 KB). Nothing is converted: another format is refused "
           "with a message that says what to change. For the hall's managers.",
           path=ClipPath, answers={200: VoiceClip}, errors=(401, 403, 413),
           auth=manager_of,
           extra={"requestBody": {"required": True, "content": WAV}})
def put_voice_clip(hall: str, name: str, auth: None) -> dict:
    """Check the WAV body and keep it as the hall's clip ``name``."""
    request.max_content_length = MAX_BYTES + 1024
    data = request.get_data(cache=False)
    try:
        clip = clipset.store(runtime().settings.instance, hall, name, data)
    except ClipRefused as exc:
        raise InvalidInput(str(exc), code="bad_clip") from None
    return VoiceClip(name=name, says=clipset.says(name), own=True, seconds=round(clip.seconds, 3),
                     rate=clip.rate).model_dump()
