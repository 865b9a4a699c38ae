"""One settings object: every MADOGUCHI_* variable in one place, relative paths against one base."""
import subprocess
import sys

from knowledge.settings import REPO, Settings


def test_relative_paths_resolve_against_the_repository_not_the_working_directory(tmp_path):
    cfg = Settings.from_env({"MADOGUCHI_INDEX": "var/other-index", "MADOGUCHI_DATA": "/abs/data"})
    assert cfg.index == REPO / "var" / "other-index" and str(cfg.data) == "/abs/data"
    assert cfg.db == f"sqlite:///{REPO / 'var' / 'madoguchi.db'}"
    # Started elsewhere, the admin side sees the same paths as the action server.
    out = subprocess.run([sys.executable, "-c", "from knowledge.settings import current; c = current(); "
                          "print(c.index); print(c.db)"], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(REPO), "MADOGUCHI_INDEX": "var/index", "PATH": "/usr/bin:/bin"})
    assert out.stdout.split() == [str(REPO / "var" / "index"), f"sqlite:///{REPO / 'var' / 'madoguchi.db'}"], out.stderr


def test_typed_values_and_per_language_vosk_models():
    cfg = Settings.from_env({"MADOGUCHI_THREADS": "3", "MADOGUCHI_ONE_PERSON_OFFICE": "1",
                             "MADOGUCHI_VOSK_MODEL": "/m/any", "MADOGUCHI_VOSK_MODEL_JA": "/m/ja"})
    assert cfg.search_threads == 3 and cfg.one_person_office and not cfg.secure_cookies
    assert cfg.vosk_model("ja") == "/m/ja" and cfg.vosk_model("en") == "/m/any"
