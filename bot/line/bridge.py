"""The LINE webhook: `python -m bot.line` serves POST /line/webhook (the URL registered in the LINE
Developers console) and GET /health.

A request counts only with a valid X-Line-Signature (HMAC-SHA256 of the raw body with the channel
secret, checked by the SDK's WebhookParser): without one, or with one that does not match, it gets
401 and nothing is processed. Events are answered after the 200 (LINE wants the webhook answered
at once): each resident message goes to Rasa's guarded REST channel (personal data masked there)
under a pseudonym of the LINE user id, Rasa's reply goes back with the reply token, or pushed when
the token has expired. The raw LINE user id is never stored or logged, and is never sent to Rasa.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

import httpx
from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import JSONResponse
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (ApiException, AsyncApiClient, AsyncMessagingApi, AsyncMessagingApiBlob,
                                  Configuration, PushMessageRequest, ReplyMessageRequest, TextMessage)
from linebot.v3.webhooks import (AudioMessageContent, FollowEvent, MessageEvent, PostbackEvent,
                                 TextMessageContent)

from bot.messages import LINE
from knowledge.settings import Settings, current
from knowledge.texts import text

from .render import language_buttons, messages, quick_reply

log = logging.getLogger(__name__)
MAX_BODY = 1_000_000  # LINE's webhook bodies are small; anything larger is refused unread
FOLLOW_MESSAGE = "/greet"  # a new follower gets Rasa's greeting, with the languages to choose from


def pseudonym(secret: str, user_id: str) -> str:
    """The conversation's sender id: stable per LINE user, not reversible without the channel secret."""
    return "line-" + hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()[:32]


class Bridge:
    def __init__(self, cfg: Settings) -> None:
        if not cfg.line_secret or not cfg.line_token:
            raise SystemExit("LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN must be set (docs/line.md)")
        self.cfg = cfg
        self.parser = WebhookParser(cfg.line_secret)

    async def open(self) -> None:
        """The SDK's aiohttp clients need the server's running event loop."""
        cfg = self.cfg
        self.api = AsyncApiClient(Configuration(host=cfg.line_api, access_token=cfg.line_token))
        self.data_api = AsyncApiClient(Configuration(host=cfg.line_data_api, access_token=cfg.line_token))
        self.messaging = AsyncMessagingApi(self.api)
        self.blob = AsyncMessagingApiBlob(self.data_api)
        self.http = httpx.AsyncClient(timeout=60)

    async def close(self) -> None:
        await self.http.aclose()
        await self.api.close()
        await self.data_api.close()

    # ---- Rasa ----------------------------------------------------------------------------------------
    async def ask_rasa(self, sender: str, message: str, spoken: bool = False) -> list[dict] | None:
        metadata: dict[str, Any] = {"channel": LINE, **({"spoken": True} if spoken else {})}
        try:
            r = await self.http.post(self.cfg.rasa_url, json={"sender": sender, "message": message, "metadata": metadata})
            r.raise_for_status()
            return r.json()
        except (httpx.HTTPError, ValueError) as e:
            log.error("Rasa did not answer a LINE message: %s", type(e).__name__)
            return None

    # ---- LINE ----------------------------------------------------------------------------------------
    async def send(self, reply_token: str | None, user_id: str | None, msgs: list) -> str:
        """Reply with the token; push to the user when the token is spent or expired. Returns how it went."""
        if not msgs:
            return "nothing"
        if reply_token:
            try:
                await self.messaging.reply_message(ReplyMessageRequest(replyToken=reply_token, messages=msgs))
                return "reply"
            except ApiException as e:
                if e.status != 400 or not user_id:
                    log.error("LINE reply failed: %s", e.status)
                    return "failed"
                log.info("reply token refused (%s): pushing instead", e.status)
        try:
            await self.messaging.push_message(PushMessageRequest(to=user_id, messages=msgs))
            return "push"
        except ApiException as e:
            log.error("LINE push failed: %s", e.status)
            return "failed"

    async def transcribe(self, message_id: str) -> str:
        """An audio message's speech as text (the voice module's ASR); "" when it cannot be heard."""
        try:
            data = await self.blob.get_message_content(message_id)
            from voice.asr import recognizer
            from voice.audio import decode_any

            return recognizer(lang="ja").transcribe(decode_any(bytes(data), 16000), 16000).strip()
        except ApiException as e:
            log.error("LINE audio content could not be fetched: %s", e.status)
        except Exception:  # undecodable audio, no ASR installed: the resident is asked to type
            log.exception("LINE audio message not transcribed")
        return ""

    async def handle(self, event) -> str:
        user_id = getattr(event.source, "user_id", None)
        if not user_id:
            return "ignored"  # groups and rooms without a user: not a resident's conversation
        sender = pseudonym(self.cfg.line_secret, user_id)
        token = getattr(event, "reply_token", None)
        spoken = False
        if isinstance(event, FollowEvent):
            message = FOLLOW_MESSAGE
        elif isinstance(event, PostbackEvent):
            message = event.postback.data
        elif isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
            message = event.message.text
        elif isinstance(event, MessageEvent) and isinstance(event.message, AudioMessageContent):
            message, spoken = await self.transcribe(event.message.id), True
            if not message:
                return await self.send(token, user_id, [self.please_type()])
        elif isinstance(event, MessageEvent):  # sticker, image, video, file, location
            return await self.send(token, user_id, [self.please_type()])
        else:
            return "ignored"  # unfollow, read receipts…
        replies = await self.ask_rasa(sender, message, spoken)
        if replies is None:
            msgs = [TextMessage(text=text("ja", "guard_apology_no_phone") + "\n" + text("en", "guard_apology_no_phone"))]
        else:
            msgs = messages(replies)
        if isinstance(event, FollowEvent) and msgs:
            msgs[-1].quick_reply = quick_reply(language_buttons())
        return await self.send(token, user_id, msgs)

    @staticmethod
    def please_type() -> TextMessage:
        # The language is not known from a sticker: Japanese, easy Japanese and English.
        return TextMessage(text="\n".join(text(lang, "line_type_please") for lang in ("ja", "ja-easy", "en")),
                           quickReply=quick_reply(language_buttons()))


def create_app(cfg: Settings | None = None) -> FastAPI:
    bridge = Bridge(cfg or current())
    app = FastAPI(title="madoguchi LINE bridge", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.bridge = bridge
    app.state.outcomes = []  # how each event went (reply, push, failed…): the tests read it

    @app.on_event("startup")
    async def _open() -> None:
        await bridge.open()

    @app.on_event("shutdown")
    async def _close() -> None:
        await bridge.close()

    @app.get("/health")
    async def health() -> dict:
        return {"status": "ok"}

    async def run(events) -> None:
        for event in events:
            try:
                app.state.outcomes.append(await bridge.handle(event))
            except Exception:  # one bad event must not lose the others
                log.exception("LINE event %s not handled", type(event).__name__)
                app.state.outcomes.append("error")

    @app.post("/line/webhook")
    async def webhook(request: Request, background: BackgroundTasks):
        signature = request.headers.get("x-line-signature")
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return JSONResponse({"error": "too large"}, status_code=413)
        body = await request.body()
        if not signature:
            return JSONResponse({"error": "missing signature"}, status_code=401)
        if len(body) > MAX_BODY:
            return JSONResponse({"error": "too large"}, status_code=413)
        try:
            events = bridge.parser.parse(body.decode("utf-8"), signature)
        except (InvalidSignatureError, UnicodeDecodeError):
            return JSONResponse({"error": "invalid signature"}, status_code=401)
        except ValueError:  # signed but not a webhook body
            return JSONResponse({"error": "bad body"}, status_code=400)
        background.add_task(run, events)
        return {"status": "ok"}

    return app
