"""The guarded channel: checked input, and a polite reply with the published ward's phone whenever
Rasa fails, in the language the client declares."""
import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels import MAX_INPUT_CHARS, GuardedRestInput, guard, ward_contact
from support import point_current, write_published_version
from knowledge.kb import load_ward
from knowledge.texts import TEXTS

YAML_WARD = load_ward()
PUBLISHED_PHONE = "03-0555-7777"  # the published release's main phone, not knowledge/data's
REPUBLISHED_PHONE = "03-0555-8888"


@pytest.fixture(autouse=True)
def published(tmp_path, monkeypatch):
    """MADOGUCHI_INDEX at an index root whose current release has another main phone than the YAML."""
    assert PUBLISHED_PHONE != YAML_WARD.main_phone
    root = tmp_path / "index"
    point_current(root, write_published_version(root, "v1", PUBLISHED_PHONE))
    monkeypatch.setenv("MADOGUCHI_INDEX", str(root))
    return root


def run(handler, text, timeout=1.0, metadata=None):
    """Send `text` through the guard around `handler`; returns (texts sent, texts Rasa was given)."""
    seen = []

    async def on_new_message(message: UserMessage):
        seen.append(message.text)
        await handler(message)

    out = CollectingOutputChannel()
    asyncio.run(guard(on_new_message, timeout)(UserMessage(text, out, "tester", metadata=metadata)))
    return [m.get("text") for m in out.messages], seen


async def replies(message):
    await message.output_channel.send_response(message.sender_id, {"text": f"答え:{message.text}"})


async def says_nothing(message):
    return None


async def raises(message):
    raise RuntimeError("action server exploded")


async def hangs(message):
    await asyncio.sleep(30)


def test_ward_phone_comes_from_the_published_release():
    assert ward_contact() == (PUBLISHED_PHONE, YAML_WARD.main_hours)


def test_without_an_index_the_phone_comes_from_knowledge_data(tmp_path, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_INDEX", str(tmp_path / "no-index"))
    assert ward_contact()[0] == YAML_WARD.main_phone


def test_normal_reply_passes_through():
    sent, seen = run(replies, "住民票がほしい")
    assert sent == ["答え:住民票がほしい"] and seen == ["住民票がほしい"]


@pytest.mark.parametrize("handler", [says_nothing, raises, hangs])
def test_failure_gives_a_polite_message_with_the_published_main_phone(handler):
    sent, _ = run(handler, "住民票がほしい", timeout=0.5)
    assert len(sent) == 1
    assert PUBLISHED_PHONE in sent[0] and "申し訳ありません" in sent[0]
    assert YAML_WARD.main_phone not in sent[0]
    assert "Traceback" not in sent[0] and "exploded" not in sent[0]


def test_a_publish_is_picked_up_without_restart(published):
    assert PUBLISHED_PHONE in run(raises, "住民票がほしい")[0][0]
    point_current(published, write_published_version(published, "v2", REPUBLISHED_PHONE))
    sent, _ = run(raises, "住民票がほしい")
    assert REPUBLISHED_PHONE in sent[0] and PUBLISHED_PHONE not in sent[0]


def test_unreadable_ward_still_gives_a_polite_message(monkeypatch):
    import knowledge.published

    def broken():
        raise OSError("disk gone")

    monkeypatch.setattr(knowledge.published, "published_ward", broken)
    sent, _ = run(raises, "住民票がほしい")
    assert sent == [TEXTS["ja"]["guard_apology_no_phone"]]


@pytest.mark.parametrize("text", ["", "   ", "\n\t　", None])
def test_empty_message_asks_for_a_question_without_rasa(text):
    sent, seen = run(replies, text)
    assert sent == [TEXTS["ja"]["guard_empty"]] and seen == []


@pytest.mark.parametrize("text", ["😀", "👍👍👍", "？？！", "(^_^)"])
def test_symbols_only_get_a_hint_without_rasa(text):
    sent, seen = run(replies, text)
    assert sent == [TEXTS["ja"]["guard_no_words"]] and seen == []


def test_very_long_message_is_cut_before_nlu_and_says_so():
    text = "転入届はどこで出せますか" + "あ" * 10_000
    sent, seen = run(replies, text)
    assert len(seen[0]) == MAX_INPUT_CHARS and seen[0].startswith("転入届はどこで出せますか")
    assert len(sent) == 2 and str(MAX_INPUT_CHARS) in sent[0]


EN = {"lang": "en", "channel": "web"}


def test_guard_messages_are_in_the_declared_language():
    assert run(replies, "  ", metadata=EN) == ([TEXTS["en"]["guard_empty"]], [])
    assert run(replies, "👍👍", metadata=EN) == ([TEXTS["en"]["guard_no_words"]], [])
    sent, _ = run(replies, "Where do I register moving in? " + "a" * 1000, metadata=EN)
    assert sent[0] == TEXTS["en"]["guard_truncated"].format(n=MAX_INPUT_CHARS)
    sent, _ = run(raises, "I need a residence certificate", metadata=EN)
    assert sent == [TEXTS["en"]["guard_apology"].format(phone=PUBLISHED_PHONE, hours=YAML_WARD.text("en").main_hours)]
    assert "Sorry" in sent[0] and "申し訳" not in sent[0]


@pytest.mark.parametrize("metadata", [None, {}, {"lang": "xx"}, {"lang": ["en"]}, {"channel": "phone"}])
def test_without_a_known_declared_language_the_guard_speaks_japanese(metadata):
    assert run(replies, "", metadata=metadata)[0] == [TEXTS["ja"]["guard_empty"]]


def test_every_resident_language_has_the_guard_messages():
    for lang, table in TEXTS.items():
        for key in ("guard_empty", "guard_no_words", "guard_truncated", "guard_apology", "guard_apology_no_phone"):
            assert table.get(key), f"{lang} lacks {key}"
    sent, _ = run(raises, "住民票", metadata={"lang": "vi"})
    assert PUBLISHED_PHONE in sent[0] and YAML_WARD.text("vi").main_hours in sent[0]


def test_channel_reads_its_credentials():
    rest = GuardedRestInput.from_credentials({"timeout_seconds": 3})
    assert (rest.name(), rest.timeout_seconds) == ("rest", 3.0)


def test_personal_data_is_masked_before_rasa_and_the_resident_is_told_once_in_their_language():
    seen_ids = []

    async def handler(message):
        seen_ids.append((message.sender_id, message.metadata))
        await replies(message)

    out = CollectingOutputChannel()
    handle = guard(handler, 1.0)
    for text in ("転入届を出したいです。電話は０９０－１２３４－５６７８です", "住所は若葉区本町2丁目3番4号です",
                 "住民票の手数料は300円ですか"):
        asyncio.run(handle(UserMessage(text, out, "web-resident", metadata={"lang": "pt", "channel": "web",
                                                                           "note": "tel 090-1234-5678"})))
    texts = [m.get("text") for m in out.messages]
    told = [t for t in texts if t == TEXTS["pt"]["pii_removed"]]
    assert len(told) == 1 and texts[0] == TEXTS["pt"]["pii_removed"], texts  # once, before the first reply
    given = [t for t in texts if t.startswith("答え:")]
    assert "1234" not in given[0] and "5678" not in given[0] and "2丁目3番4号" not in given[1], given
    assert given[2] == "答え:住民票の手数料は300円ですか"  # ordinary numbers pass as typed
    assert all("090-1234-5678" not in str(meta) for _, meta in seen_ids)  # metadata strings are masked too


def test_a_number_straddling_the_cut_is_masked_whole():
    text = "あ" * (MAX_INPUT_CHARS - 5) + "090-1234-5678"
    _, seen = run(replies, text)
    assert seen and "1234" not in seen[0] and "5678" not in seen[0] and len(seen[0]) <= MAX_INPUT_CHARS


def test_a_sender_id_holding_personal_data_is_replaced_by_a_pseudonym():
    from bot.channels import safe_sender

    assert safe_sender("3f2a9c1e-web") == "3f2a9c1e-web"
    pseudonym = safe_sender("09012345678")
    assert pseudonym.startswith("anon-") and "12345678" not in pseudonym and pseudonym == safe_sender("09012345678")
