"""Rasa-side code of the assistant: the Japanese tokenizer and the guarded input channels."""
