"""Voice channels for madoguchi: speech recognition, speech synthesis, the phone line and browser voice.

Everything runs offline: models come from Python packages (Whisper base, Vosk, Piper voice, the
Open JTalk dictionary and voice) or from directories named in the environment.
"""
