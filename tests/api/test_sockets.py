"""A subscription lives no longer than its token, over a real graphql-transport-ws socket."""

import json
import threading
import time
from contextlib import suppress
from typing import Any

import jwt
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from api.security.identity import Role
from tests.api.served import ADMIN, TEST_SECURITY, bearer, post

RECORD = "mutation ($i: InteractionInput!) { recordInteraction(interaction: $i) { __typename } }"
WATCH = 'subscription { customerUpdated(id: "C-0000006") { id birthDate valueTier email } }'


def short_token(seconds: float) -> tuple[str, float]:
    """An administrator's token that expires `seconds` from now, and its expiry."""
    secret = TEST_SECURITY.jwt_secret.get_secret_value() if TEST_SECURITY.jwt_secret else ""
    expiry = int(time.time() + seconds)
    claims = {"sub": "short-lived", "role": "ADMINISTRATOR", "channel": "BACK_OFFICE",
              "exp": expiry, "iss": "kith", "aud": "kith"}  # fmt: skip
    return jwt.encode(claims, secret, algorithm="HS256"), float(expiry)


def keep_recording(api: str, stop: threading.Event) -> None:
    """Touch the watched customer twice a second (with a long-lived token) until stopped."""
    number = 0
    while not stop.wait(0.5):
        number += 1
        call = {"id": f"I-SOCK-{time.time_ns()}-{number}", "customerId": "C-0000006",
                "channel": "WEB", "intent": "GENERAL", "outcome": "RESOLVED",
                "at": "2026-11-03T10:00:00+00:00"}  # fmt: skip
        post(api, RECORD, ADMIN, i=call)


def heard_until_closed(
    socket: ClientConnection,
) -> tuple[list[tuple[float, dict[str, Any]]], int | None]:
    """Every message with the time it arrived, and the close code, reading to the end."""
    heard: list[tuple[float, dict[str, Any]]] = []
    try:
        while True:
            heard.append((time.time(), json.loads(socket.recv(timeout=15))))
    except ConnectionClosed as closed:
        return heard, closed.rcvd.code if closed.rcvd else None


def test_a_subscription_stops_and_the_socket_closes_when_the_token_expires(api: str) -> None:
    token, expiry = short_token(4)
    stop = threading.Event()
    recorder = threading.Thread(target=keep_recording, args=(api, stop))
    url = api.replace("http://", "ws://") + "/graphql"
    with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as socket:
        socket.send(json.dumps({"type": "connection_init",
                                "payload": {"authorization": f"Bearer {token}"}}))  # fmt: skip
        assert json.loads(socket.recv(timeout=10))["type"] == "connection_ack"
        socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": WATCH}}))
        recorder.start()
        try:
            first = json.loads(socket.recv(timeout=10))  # it works while the token is good
            time.sleep(max(0.0, expiry - time.time()) + 0.3)
            with suppress(ConnectionClosed):  # a new operation after expiry: never served
                socket.send(json.dumps({"id": "2", "type": "subscribe",
                                        "payload": {"query": WATCH}}))  # fmt: skip
            later, code = heard_until_closed(socket)
        finally:
            stop.set()
            recorder.join()
    assert first["type"] == "next"
    assert first["payload"]["data"]["customerUpdated"]["id"] == "C-0000006"
    assert code == 4403
    late = [m for at, m in later if at > expiry + 0.5 and m.get("type") == "next"]
    assert late == []
    assert {m.get("id") for _, m in later if m.get("type") == "next"} <= {"1"}


def test_a_subscription_asking_for_a_field_the_policy_denies_is_refused(api: str) -> None:
    agent = bearer(Role.CONTACT_CENTER_AGENT, "CONTACT_CENTER", customer="C-0000006")
    url = api.replace("http://", "ws://") + "/graphql"
    with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as socket:
        socket.send(json.dumps({"type": "connection_init",
                                "payload": {"authorization": agent["Authorization"]}}))  # fmt: skip
        assert json.loads(socket.recv(timeout=10))["type"] == "connection_ack"
        socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": WATCH}}))
        refused = json.loads(socket.recv(timeout=10))  # before this fix: silence, then events
    errors = refused["payload"]["errors"] if refused["type"] == "next" else refused["payload"]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert "Customer.birthDate" in errors[0]["message"]
    assert "Customer.valueTier" in errors[0]["message"]
