"""The LINE official account's bridge (Python 3.11, beside voice/): LINE's webhook in, Rasa's guarded
REST channel (bot/channels.py masks personal data there, as for every channel), LINE's Messaging API
out, all through the official line-bot-sdk v3.

It is a bridge rather than a Rasa connector because line-bot-sdk v3 cannot be installed beside
rasa 3.6.21 (it needs pydantic 2 and aiohttp >= 3.10; Rasa pins pydantic < 1.10.10, aiohttp < 3.10).

    bot/line/render.py   Rasa's replies → LINE messages (text, quick replies, Flex answer cards)
    bot/line/bridge.py   the webhook app: signature check, events, reply with push fallback
"""
