"""A local stand-in for the LINE Messaging API endpoints the bridge uses (reply, push, message
content, profile), as documented: it checks the Bearer token, validates each request body with
line-bot-sdk's own models, refuses unknown or spent reply tokens with 400 as LINE does, and records
every request for the tests. Only the base URL differs from production."""
from __future__ import annotations

import threading

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from linebot.v3.messaging import PushMessageRequest, ReplyMessageRequest

TOKEN = "test-channel-access-token"


class StandIn:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.reply_tokens: set[str] = set()
        self.contents: dict[str, tuple[bytes, str]] = {}
        self.lock = threading.Lock()

    def issue_token(self, token: str) -> str:
        self.reply_tokens.add(token)
        return token

    def sent(self, kind: str | None = None) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if kind is None or r["kind"] == kind]

    def app(self) -> FastAPI:
        app = FastAPI()

        def refuse(request: Request) -> JSONResponse | None:
            if request.headers.get("authorization") != f"Bearer {TOKEN}":
                return JSONResponse({"message": "Authentication failed. Confirm that the access token in the "
                                                "authorization header is valid."}, status_code=401)
            return None

        def record(kind: str, body) -> None:
            with self.lock:
                self.requests.append({"kind": kind, "body": body})

        def invalid(model, body: dict) -> JSONResponse | None:
            try:
                parsed = model.from_dict(body)
                assert parsed is not None and 1 <= len(parsed.messages) <= 5
            except Exception as e:  # what LINE answers to a malformed request
                record("invalid", {"error": str(e)[:500], "body": body})
                return JSONResponse({"message": "The request body has 1 error(s)", "details": [str(e)[:200]]},
                                    status_code=400)
            return None

        @app.post("/v2/bot/message/reply")
        async def reply(request: Request):
            body = await request.json()
            if (r := refuse(request)) or (r := invalid(ReplyMessageRequest, body)):
                return r
            if body["replyToken"] not in self.reply_tokens:
                record("refused_reply", body)
                return JSONResponse({"message": "Invalid reply token"}, status_code=400)
            self.reply_tokens.discard(body["replyToken"])  # a reply token works once
            record("reply", body)
            return {"sentMessages": [{"id": str(i), "quoteToken": f"q{i}"} for i, _ in enumerate(body["messages"])]}

        @app.post("/v2/bot/message/push")
        async def push(request: Request):
            body = await request.json()
            if (r := refuse(request)) or (r := invalid(PushMessageRequest, body)):
                return r
            record("push", body)
            return {"sentMessages": [{"id": str(i), "quoteToken": f"q{i}"} for i, _ in enumerate(body["messages"])]}

        @app.get("/v2/bot/message/{message_id}/content")
        async def content(message_id: str, request: Request):
            if r := refuse(request):
                return r
            if message_id not in self.contents:
                return JSONResponse({"message": "Not found"}, status_code=404)
            record("content", message_id)
            data, mime = self.contents[message_id]
            return Response(data, media_type=mime)

        @app.get("/v2/bot/profile/{user_id}")
        async def profile(user_id: str, request: Request):
            if r := refuse(request):
                return r
            return {"displayName": "Resident", "userId": user_id, "language": "ja"}

        return app
