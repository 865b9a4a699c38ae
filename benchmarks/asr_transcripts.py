"""Write benchmarks/heldout_styles/ja/asr.tsv: what the phone line hears when a caller asks the blind
questions aloud.

Each blind elderly-style, keyword and out-of-scope question (benchmarks/heldout_styles/ja/) is spoken by the
caller voice at normal speed, sent through the phone line's 8 kHz µ-law leg, transcribed by the
packaged Whisper model with the ward prompt, and corrected by voice/vocabulary.py exactly as
voice/listener.py does before the text reaches Rasa. Each row keeps the question it came from as
a third column, so the transcript falls in the same dev/test half (knowledge/heldout.py).

    .venv/bin/python benchmarks/asr_transcripts.py            # rewrite ja/asr.tsv (~5 min on 2 cores)

The output is deterministic for a given model, voice and question file (greedy decoding), so the
committed file can be regenerated and compared; a new Whisper or voice version is a new style row.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from knowledge.heldout import STYLES_DIR, read_questions  # noqa: E402

SOURCES = ("elderly.tsv", "keywords.tsv", "none.tsv")  # none: out of scope, for the spoken thresholds
OUT = STYLES_DIR / "ja" / "asr.tsv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()

    from voice.asr import whisper_recognizer
    from voice.audio import resample, ulaw_decode, ulaw_encode
    from voice.tts import Speaker
    from voice.vocabulary import correct

    questions = [q for name in SOURCES for q in read_questions(STYLES_DIR / "ja" / name)]
    caller = Speaker(ja_speed=1.0, pause=0.2)  # a caller talks at normal speed
    rec = whisper_recognizer("ja")
    rec.warm_up()
    rows, empty, started = [], 0, time.perf_counter()
    for q in questions:
        audio16 = caller.speak(q.text, "ja", 16000)[0]
        heard = ulaw_decode(ulaw_encode(resample(audio16, 16000, 8000)))  # the phone leg
        text = correct(rec.transcribe(heard, 8000), "ja").replace("\t", " ").strip()
        if not text:
            empty += 1  # nothing recognised: the phone line asks again; not a retrieval question
            continue
        rows.append(f"{q.entry_id}\t{text}\t{q.text}\n")
    a.out.write_text("".join(rows), encoding="utf-8")
    print(f"{len(rows)} transcripts ({empty} empty) of {len(questions)} questions in "
          f"{time.perf_counter() - started:.0f} s -> {a.out}")


if __name__ == "__main__":
    main()
