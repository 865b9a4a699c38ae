"""Rasa-side code of the assistant: the Japanese tokenizer and the guarded REST input channel."""
