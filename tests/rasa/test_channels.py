"""The guarded channels: checked input, and a polite reply with the ward's phone whenever Rasa fails."""
import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels import (MAX_INPUT_CHARS, PROMPT_EMPTY, PROMPT_NO_WORDS, GuardedRestInput,
                          GuardedSocketIOInput, guard, ward_contact)
from knowledge.kb import load_ward

MAIN_PHONE = load_ward().main_phone


def run(handler, text, timeout=1.0):
    """Send `text` through the guard around `handler`; returns (texts sent, texts Rasa was given)."""
    seen = []

    async def on_new_message(message: UserMessage):
        seen.append(message.text)
        await handler(message)

    out = CollectingOutputChannel()
    asyncio.run(guard(on_new_message, timeout)(UserMessage(text, out, "tester")))
    return [m.get("text") for m in out.messages], seen


async def replies(message):
    await message.output_channel.send_response(message.sender_id, {"text": f"答え:{message.text}"})


async def says_nothing(message):
    return None


async def raises(message):
    raise RuntimeError("action server exploded")


async def hangs(message):
    await asyncio.sleep(30)


def test_ward_phone_comes_from_the_knowledge_base():
    assert ward_contact()[0] == MAIN_PHONE


def test_normal_reply_passes_through():
    sent, seen = run(replies, "住民票がほしい")
    assert sent == ["答え:住民票がほしい"] and seen == ["住民票がほしい"]


@pytest.mark.parametrize("handler", [says_nothing, raises, hangs])
def test_failure_gives_a_polite_message_with_the_main_phone(handler):
    sent, _ = run(handler, "住民票がほしい", timeout=0.5)
    assert len(sent) == 1
    assert MAIN_PHONE in sent[0] and "申し訳ありません" in sent[0]
    assert "Traceback" not in sent[0] and "exploded" not in sent[0]


@pytest.mark.parametrize("text", ["", "   ", "\n\t　", None])
def test_empty_message_asks_for_a_question_without_rasa(text):
    sent, seen = run(replies, text)
    assert sent == [PROMPT_EMPTY] and seen == []


@pytest.mark.parametrize("text", ["😀", "👍👍👍", "？？！", "(^_^)"])
def test_symbols_only_get_a_hint_without_rasa(text):
    sent, seen = run(replies, text)
    assert sent == [PROMPT_NO_WORDS] and seen == []


def test_very_long_message_is_cut_before_nlu_and_says_so():
    text = "転入届はどこで出せますか" + "あ" * 10_000
    sent, seen = run(replies, text)
    assert len(seen[0]) == MAX_INPUT_CHARS and seen[0].startswith("転入届はどこで出せますか")
    assert len(sent) == 2 and str(MAX_INPUT_CHARS) in sent[0]


def test_channels_read_their_credentials():
    rest = GuardedRestInput.from_credentials({"timeout_seconds": 3})
    sio = GuardedSocketIOInput.from_credentials({"timeout_seconds": 4, "session_persistence": True})
    assert (rest.name(), rest.timeout_seconds) == ("rest", 3.0)
    assert (sio.name(), sio.timeout_seconds, sio.session_persistence) == ("socketio", 4.0, True)
