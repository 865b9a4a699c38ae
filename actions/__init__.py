"""Custom actions for Rasa (run with `python -m rasa_sdk --actions actions` in the 3.11 venv).

Importing this package must stay cheap: the knowledge index and its model load on first use
(actions/retrieval.py).
"""
from . import conversation, emergency, faq, guide, smalltalk  # noqa: F401  (registers the actions with rasa_sdk)
