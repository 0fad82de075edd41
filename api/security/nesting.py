"""A JSON nesting limit on GraphQL request bodies, checked before anything parses them.

Variables nested a few hundred deep used to reach recursive code (the parser, the
coercion of inputs, the limits' own walks) and end in an uncoded recursion error or a 500.
No GraphQL input of Kith nests more than a handful of levels, so a body deeper than the
limit is answered 400 with LIMIT_EXCEEDED. The check never recurses: brackets outside
strings are kept, and innermost pairs are removed one level per pass (each pass a regex
over bytes), so it costs at most `limit` linear passes.
"""

import re
from typing import Final

from api.security.http import ASGIApp, Message, Receive, Scope, Send, answer_json

_STRING: Final = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_PAIR: Final = re.compile(rb"\[\]")
_BRACKETS: Final = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS: Final = bytes(b for b in range(256) if b not in b"[]{}")


def deeper_than(body: bytes, limit: int) -> bool:
    """Tell whether the JSON text nests objects and arrays more than `limit` levels deep."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False  # too few brackets to nest that deep: the usual request stops here
    brackets = _STRING.sub(b"", body).translate(_BRACKETS, _NOT_BRACKETS)
    for _ in range(limit):
        fewer = _PAIR.sub(b"", brackets)
        if fewer == brackets:
            return False
        brackets = fewer
    return _PAIR.search(brackets) is not None


class JsonNesting:
    """Answer 400 to a POST /graphql body nesting deeper than `limit` levels."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        if not scope.get("path", "").startswith("/graphql"):
            await self.app(scope, receive, send)
            return
        chunks, message = [], await receive()
        while message["type"] == "http.request":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
            message = await receive()
        body = b"".join(chunks)
        if deeper_than(body, self.limit):
            await answer_json(send, 400, f"the request body nests deeper than {self.limit} levels",
                         "LIMIT_EXCEEDED")  # fmt: skip
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
