"""Offline spoken announcements: "请A012号到24号窗口办理" from recorded or rendered clips.

A sentence is a list of clip names (``sentence``); each name is a short WAV file, from the
hall's own recordings (``<instance>/voice/<hall>/``) or else the default set shipped in
``bianmin/voice/clips`` (rendered with espeak-ng by scripts/render-voice-clips). The clips
are joined in pure Python (``wavjoin``) and the result is kept per sentence (``cache``).
No Flask here: the API (bianmin/api/voice.py) and the CLI both use it.
"""
