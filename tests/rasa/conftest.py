"""tests/rasa runs in the Rasa venv (.venv-rasa/bin/python -m pytest tests/rasa); the 3.11 venv skips it.

(`import rasa` alone is not a test: pytest puts tests/ on sys.path, where this folder is a `rasa`
namespace package.)
"""
try:
    import rasa.nlu  # noqa: F401
except ImportError:
    collect_ignore_glob = ["test_*.py"]
