"""Conformance of the served API to the policy, generated from the schema and api.security.policy.

For every role on every channel, every root field of Query and Mutation is asked for with
documents that select every coordinate reachable from it by a shortest path (see
tests/api/conformance.py). A document holding a coordinate the policy denies must be
refused before it runs, the refusal naming exactly the denied coordinates; one holding
none must not be refused by the policy, and fields the policy masks come back masked.
Mutations are only sent when they must be refused (nothing is written). The count of
(role, channel, root, coordinate) checks is printed.
"""

import json
import time
from collections.abc import Iterator
from contextlib import suppress
from functools import cache
from typing import Any

import httpx
import jwt
import pytest
from graphql import GraphQLInputObjectType, GraphQLObjectType
from websockets.sync.client import connect
from websockets.typing import Subprotocol

from api.schema import schema
from api.security.identity import CHANNELS, ROLE_CHANNELS, Role
from api.security.policy import CRITERIA, ORDERS, Access, access, class_access
from tests.api.conformance import coordinates, documents, literal
from tests.api.served import TEST_SECURITY

SCHEMA = schema._schema
assert SCHEMA.query_type is not None
assert SCHEMA.mutation_type is not None
ROOTS = [(SCHEMA.query_type, "query"), (SCHEMA.mutation_type, "mutation")]
COMBINATIONS = [(role, channel) for role in Role for channel in sorted(CHANNELS)]


@cache
def generated(root: str, name: str, operation: str, channel: str) -> list[tuple[str, set[str]]]:
    """The documents of a root field (they depend on the channel through enum arguments)."""
    root_type = SCHEMA.get_type(root)
    assert isinstance(root_type, GraphQLObjectType)
    return list(documents(operation, coordinates(SCHEMA, root_type, name, channel)))


def token(role: Role, channel: str) -> dict[str, str]:
    """A bearer token for any role on any channel, signed as the bank's issuer would."""
    secret = TEST_SECURITY.jwt_secret.get_secret_value() if TEST_SECURITY.jwt_secret else ""
    claims: dict[str, object] = {
        "sub": f"conformance-{role.lower()}", "role": role.value, "channel": channel,
        "exp": int(time.time()) + 600, "iss": "kith", "aud": "kith",
        "portfolio": "PF-001", "customer": "C-0000001",
    }  # fmt: skip
    return {"Authorization": f"Bearer {jwt.encode(claims, secret, algorithm='HS256')}"}


def authenticates(role: Role, channel: str) -> bool:
    """Whether a token for this role on this channel is accepted at all (the binding)."""
    return channel in ROLE_CHANNELS[role]


def denied(role: Role, channel: str, held: set[str]) -> set[str]:
    """The coordinates of a document this caller may not see."""
    return {c for c in held if access(role, channel, *c.split(".", 1)) is Access.ABSENT}


def masked_names(role: Role, channel: str, held: set[str]) -> set[str]:
    """Field names every coordinate of which is masked for this caller (safe to check by name)."""
    levels: dict[str, set[Access]] = {}
    for c in held:
        levels.setdefault(c.split(".", 1)[1], set()).add(access(role, channel, *c.split(".", 1)))
    return {name for name, seen in levels.items() if seen == {Access.MASKED}}


def values_named(data: Any, names: set[str]) -> Iterator[Any]:
    """Every value in a response under a key in `names`."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in names:
                yield value
            yield from values_named(value, names)
    elif isinstance(data, list):
        for item in data:
            yield from values_named(item, names)


def check(client: httpx.Client, base: str, role: Role, channel: str) -> int:
    """Send every root's documents as this caller; return the coordinate checks made."""
    headers, checks = token(role, channel), 0
    for root, operation in ROOTS:
        for name in root.fields:
            for document, held in generated(root.name, name, operation, channel):
                refused = denied(role, channel, held)
                if operation == "mutation" and not refused and authenticates(role, channel):
                    continue  # allowed writes are not run here: nothing is written
                checks += len(held)
                answer = client.post(f"{base}/graphql", json={"query": document}, headers=headers)
                where = f"{role} on {channel}: {document[:120]}"
                if not authenticates(role, channel):
                    assert answer.status_code == 401, where
                    continue
                assert answer.status_code == 200, where
                body = answer.json()
                policy_errors = [e for e in body.get("errors", [])
                                 if e["message"].startswith("not available to")]  # fmt: skip
                if refused:
                    assert body["data"] is None, where
                    assert len(policy_errors) == 1, (where, body.get("errors"))
                    named = set(policy_errors[0]["message"].split("): ", 1)[1].split(", "))
                    assert named == refused, where
                    assert policy_errors[0]["extensions"]["code"] == "FORBIDDEN"
                    continue
                assert policy_errors == [], where
                assert all(e["extensions"]["code"] != "INTERNAL" for e in body.get("errors", [])), (
                    where, body["errors"])  # fmt: skip
                for value in values_named(body.get("data"), masked_names(role, channel, held)):
                    for item in value if isinstance(value, list) else [value]:
                        assert item is None or str(item).startswith("••••"), (where, item)
    return checks


@pytest.mark.parametrize(("role", "channel"), COMBINATIONS)
def test_every_path_is_refused_or_shown_as_the_policy_says(
    api: str, role: Role, channel: str, conformance_count: list[int]
) -> None:
    with httpx.Client(timeout=30) as client:
        conformance_count.append(check(client, api, role, channel))


@pytest.fixture(scope="module")
def conformance_count() -> Iterator[list[int]]:
    """Sums the checks of the module and prints them (the figure in the notes)."""
    counts: list[int] = []
    yield counts
    print(json.dumps({"conformance_checks": sum(counts)}))


# Where a filter or a sort key is applied: rows come back (criteria need row access) or
# only aggregates do (aggregate access is enough).
FILTERED = [
    ("customers", "{{ customers(filter: {f}, orderBy: {o}, first: 1) {{ totalCount }} }}", True,
     {"Query.customers", "CustomerConnection.totalCount"}),
    ("segmentPreview", "{{ segmentPreview(filter: {f}) {{ count }} }}", False,
     {"Query.segmentPreview", "SegmentPreview.count"}),
    # A saved segment's criteria are checked against whoever reads it.
    ("segment", '{{ segment(id: "{s}") {{ members(orderBy: {o}, first: 1) {{ totalCount }} }} }}',
     True, {"Query.segment", "Segment.members", "CustomerConnection.totalCount"}),
    ("segment", '{{ segment(id: "{s}") {{ preview {{ count }} }} }}', False,
     {"Query.segment", "Segment.preview", "SegmentPreview.count"}),
]  # fmt: skip
SAVE = """mutation {{ createSegment(name: "every criterion", filter: {f}) {{
    ... on SegmentSaved {{ segment {{ id }} }} }} }}"""


@pytest.fixture(scope="module")
def every_criterion(api: str) -> str:
    """A segment saved with every criterion (by an administrator); its id."""
    given = criteria("BRANCH_TABLET")
    every = "{" + ", ".join(f"{name}: {value}" for name, value in given.items()) + "}"
    saved = httpx.post(f"{api}/graphql", json={"query": SAVE.format(f=every)},
                       headers=token(Role.ADMINISTRATOR, "BACK_OFFICE"), timeout=30)  # fmt: skip
    return str(saved.json()["data"]["createSegment"]["segment"]["id"])


def criteria(channel: str) -> dict[str, str]:
    """Every criterion of CustomerFilterInput the policy maps, with a plain value."""
    kind = SCHEMA.get_type("CustomerFilterInput")
    assert isinstance(kind, GraphQLInputObjectType)
    mapped = {camel(name) for name in CRITERIA}
    assert set(kind.fields) - mapped == {"segmentId"}  # every criterion reads a data class
    return {name: literal(spec.type, name, channel) for name, spec in kind.fields.items()
            if name in mapped}  # fmt: skip


def camel(name: str) -> str:
    """The GraphQL name of a Python field name."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def refused_criteria(role: Role, channel: str, rows: bool, order: str | None) -> set[str]:
    """What the policy says this caller may not filter or sort on here."""
    floor = Access.CONSENTED if rows else Access.AGGREGATE
    refused = {f"filter.{camel(name)}" for name, data in CRITERIA.items()
               if class_access(role, channel, data) < floor}  # fmt: skip
    if order is not None and class_access(role, channel, ORDERS[order]) < floor:
        refused.add(f"orderBy: {order}")
    return refused


@pytest.mark.parametrize(("role", "channel"), COMBINATIONS)
def test_every_filter_criterion_and_sort_key_needs_access_to_its_field(
    api: str, every_criterion: str, role: Role, channel: str, conformance_count: list[int]
) -> None:
    given = criteria(channel)
    every = "{" + ", ".join(f"{name}: {value}" for name, value in given.items()) + "}"
    with httpx.Client(timeout=30) as client:
        for root, template, rows, fields in FILTERED:
            for order in ORDERS if rows else [None]:
                document = template.format(f=every, o=order, s=every_criterion)
                answer = client.post(f"{api}/graphql", json={"query": document},
                                     headers=token(role, channel))  # fmt: skip
                conformance_count.append(len(given) + (order is not None))
                where = f"{role} on {channel}: {root} {order}"
                if not authenticates(role, channel):
                    assert answer.status_code == 401, where
                    continue
                errors = answer.json().get("errors", [])
                policy = [e for e in errors if e["message"].startswith("not available to")]
                field = denied(role, channel, fields)
                expected = field or refused_criteria(role, channel, rows, order)
                if not expected:
                    assert policy == [], (where, policy)
                    continue
                assert len(policy) == 1, (where, errors)
                assert set(policy[0]["message"].split("): ", 1)[1].split(", ")) == expected, where
                assert answer.json()["data"] is None or answer.json()["data"][root] is None


@pytest.mark.parametrize(("role", "channel"), [c for c in COMBINATIONS if authenticates(*c)])
def test_every_subscription_path_is_refused_as_the_policy_says(
    api: str, role: Role, channel: str, conformance_count: list[int]
) -> None:
    assert SCHEMA.subscription_type is not None
    sent: dict[str, set[str]] = {}
    url = api.replace("http://", "ws://") + "/graphql"
    with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as socket:
        hello = {"authorization": token(role, channel)["Authorization"]}
        socket.send(json.dumps({"type": "connection_init", "payload": hello}))
        assert json.loads(socket.recv(timeout=10))["type"] == "connection_ack"
        for name in SCHEMA.subscription_type.fields:
            for number, (document, held) in enumerate(
                generated("Subscription", name, "subscription", channel)
            ):
                key = f"{name}-{number}"
                sent[key] = denied(role, channel, held)
                conformance_count.append(len(held))
                socket.send(json.dumps({"id": key, "type": "subscribe",
                                        "payload": {"query": document}}))  # fmt: skip
        heard: dict[str, dict[str, Any]] = {}
        with suppress(TimeoutError):
            while len(heard) < sum(1 for refused in sent.values() if refused):
                message = json.loads(socket.recv(timeout=3))
                if message["type"] in ("next", "error"):  # a refusal; `complete` follows it
                    heard.setdefault(message["id"], message)
    for key, refused in sent.items():
        where = f"{role} on {channel}: {key}"
        if not refused:
            assert key not in heard, (where, heard.get(key))  # open, silent until an event
            continue
        message = heard[key]
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        named = set(errors[0]["message"].split("): ", 1)[1].split(", "))
        assert named == refused, where


@pytest.mark.parametrize(("role", "channel"), COMBINATIONS)
def test_a_segment_export_needs_access_to_every_criterion(
    api: str, every_criterion: str, role: Role, channel: str, conformance_count: list[int]
) -> None:
    url = f"{api}/segments/{every_criterion}/members.csv"
    answer = httpx.get(url, headers=token(role, channel), timeout=30)
    conformance_count.append(len(CRITERIA))
    if not authenticates(role, channel):
        assert answer.status_code == 401
        return
    segments = access(role, channel, "Query", "segment")
    contact = access(role, channel, "Customer", "email")
    if Access.ABSENT in (segments, contact):
        assert (answer.status_code, answer.json()["code"]) == (403, "FORBIDDEN")
        return
    refused = refused_criteria(role, channel, True, None)
    if not refused:
        assert answer.status_code == 200, answer.text
        return
    assert (answer.status_code, answer.json()["code"]) == (403, "FORBIDDEN")
    assert set(answer.json()["detail"].split("): ", 1)[1].split(", ")) == refused
