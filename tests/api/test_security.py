"""Who may see what: authentication, the field policy, limits, production mode and audit.

Each rule is checked with a role that may and a role that may not, over real HTTP.
"""

import hashlib
import json
import time
from pathlib import Path

import httpx
import jwt
import pytest

from api.app import create_app
from api.security.audit import AuditUnavailable, audit_files
from api.security.audit.verify import verify
from api.security.identity import Unauthenticated
from api.security.settings import SecuritySettings
from graph.engines.settings import GraphSettings
from tests.api.served import ADMIN, BRANCH, CC, MARKETING, TEST_SECURITY, post, secured, serve

PROFILE = (
    "id fullName age city gender occupation schooling hometown valueTier "
    "marketingConsent profilingConsent family { fullName age relation }"
)


def test_a_request_without_a_valid_token_is_refused(api: str) -> None:
    query = '{ customer(id: "C-0000001") { fullName } }'
    assert post(api, query, {}).status_code == 401
    forged = jwt.encode({"sub": "x", "role": "ADMINISTRATOR", "channel": "BACK_OFFICE",
                         "exp": int(time.time()) + 60, "iss": "kith", "aud": "kith"},
                        "another-secret-of-at-least-32-bytes!!", algorithm="HS256")  # fmt: skip
    refused = post(api, query, {"Authorization": f"Bearer {forged}"})
    assert refused.status_code == 401
    assert "Signature verification failed" in refused.json()["detail"]
    stale = TEST_SECURITY.jwt_secret.get_secret_value() if TEST_SECURITY.jwt_secret else ""
    expired = jwt.encode({"sub": "x", "role": "ADMINISTRATOR", "channel": "BACK_OFFICE",
                          "exp": int(time.time()) - 10, "iss": "kith", "aud": "kith"},
                         stale, algorithm="HS256")  # fmt: skip
    assert post(api, query, {"Authorization": f"Bearer {expired}"}).json() == {
        "detail": "the token has expired"
    }
    answer = post(api, query, BRANCH).json()
    assert answer == {"data": {"customer": {"fullName": "Maya Okafor"}}}


def test_a_service_account_calls_with_its_api_key(api_graph: GraphSettings) -> None:
    key = "svc-key-for-the-campaign-tool"
    accounts = {hashlib.sha256(key.encode()).hexdigest(): {
        "name": "campaigns", "role": "MARKETING_ANALYST", "channel": "BACK_OFFICE"}}  # fmt: skip
    with serve(api_graph, security=secured({"api_keys": accounts})) as base:
        ok = post(base, "{ segments { id } }", {"X-API-Key": key})
        assert ok.status_code == 200
        assert "errors" not in ok.json()
        assert post(base, "{ segments { id } }", {"X-API-Key": "guessed"}).status_code == 401


def test_the_contact_center_never_sees_the_customers_value(api: str) -> None:
    query = '{ customer(id: "C-0000001") { fullName valueTier } }'
    refused = post(api, query, CC).json()
    assert refused["data"] is None
    error = refused["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "Customer.valueTier" in error["message"]
    assert "CONTACT_CENTER_AGENT" in error["message"]
    allowed = post(api, query, BRANCH).json()
    assert "errors" not in allowed  # the tier itself is null until `kith score` runs
    assert allowed["data"]["customer"] == {"fullName": "Maya Okafor", "valueTier": None}


def test_the_contact_center_sees_account_numbers_masked(api: str) -> None:
    query = """{ view(customerId: "C-0000001", channel: CONTACT_CENTER, intent: BILLING) {
        ... on ContactCenterView { holdings { accountId productName } } } }"""
    masked = post(api, query, CC).json()["data"]["view"]["holdings"]
    assert masked
    assert all(h["accountId"].startswith("••••") for h in masked)
    assert {h["accountId"][-4:] for h in masked} >= {"0001", "0002"}
    full = post(api, query, ADMIN).json()["data"]["view"]["holdings"]
    assert {h["accountId"] for h in full} >= {"A-0000001", "A-0000002"}


def test_marketing_sees_contact_details_only_of_customers_who_consented(api: str) -> None:
    query = """{ maya: customer(id: "C-0000001") { email phone }
                 david: customer(id: "C-0000002") { email phone } }"""
    seen = post(api, query, MARKETING).json()["data"]
    assert seen["maya"] == {"email": "maya.okafor@example.org", "phone": "+44 7700 900001"}
    assert seen["david"] == {"email": None, "phone": None}  # he objected to marketing
    staff = post(api, query, BRANCH).json()["data"]
    assert staff["david"]["email"] == "david.okafor@example.org"
    family = post(api, '{ customer(id: "C-0000001") { family { fullName } } }', MARKETING)
    assert family.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    ("document", "limit"),
    [
        (
            '{ customer(id: "C-1") ' + "{ household { members { customer " * 3 + "{ id" + " }" * 11,
            "maximum operation depth of 8",
        ),
        (
            "{ " + " ".join(f'a{n}: customer(id: "C-{n}") {{ id }}' for n in range(16)) + " }",
            "16 aliases found. Allowed: 15",
        ),
        ("{ " + " ".join("__typename" for _ in range(1001)) + " }", "more than 1000 tokens"),
        (
            "{ "
            + " ".join(
                f"p{n}: customers(first: 100) {{ edges {{ node {{ {PROFILE} }} }} }}"
                for n in range(6)
            )
            + " }",
            "over the budget of 10000",
        ),
    ],
    ids=["depth", "aliases", "tokens", "cost"],
)
def test_a_document_over_a_limit_is_refused_naming_the_limit(
    api: str, document: str, limit: str
) -> None:
    answer = post(api, document, ADMIN).json()
    assert answer.get("data") is None
    assert limit in " ".join(e["message"] for e in answer["errors"])


def test_a_list_argument_over_100_items_is_refused(api: str) -> None:
    query = "query ($f: CustomerFilterInput) { customers(filter: $f) { totalCount } }"
    answer = post(api, query, ADMIN, f={"holdsProducts": [f"P-{n}" for n in range(101)]}).json()
    assert answer["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert "limit of 100 items" in answer["errors"][0]["message"]


def test_bodies_over_2_mb_get_413_and_get_queries_are_off(api: str) -> None:
    huge = "{ __typename }" + " " * (2 * 1024 * 1024)
    assert httpx.post(f"{api}/graphql", json={"query": huge}, headers=ADMIN).status_code == 413
    via_get = httpx.get(f"{api}/graphql", params={"query": "{ __typename }"}, headers=ADMIN)
    assert via_get.status_code >= 400
    batch = [{"query": "{ __typename }"}, {"query": "{ __typename }"}]
    assert httpx.post(f"{api}/graphql", json=batch, headers=ADMIN).status_code >= 400


def test_production_refuses_to_start_without_keys(api_graph: GraphSettings) -> None:
    with pytest.raises(Unauthenticated, match="KITH_JWT_SECRET"):
        create_app(api_graph, SecuritySettings(mode="production"))
    keys_only = {**TEST_SECURITY.model_dump(), "mode": "production", "audit_key": None}
    with pytest.raises(AuditUnavailable, match="KITH_AUDIT_KEY"):
        create_app(api_graph, SecuritySettings.model_validate(keys_only))


def test_production_hides_the_schema_and_suggestions(api_graph: GraphSettings) -> None:
    production = secured({"mode": "production"})
    with serve(api_graph, security=production) as base:
        introspect = post(base, "{ __schema { types { name } } }", ADMIN).json()
        assert introspect["data"] is None
        assert "Query.__schema" in introspect["errors"][0]["message"]
        typo = post(base, '{ customer(id: "C-0000001") { fulName } }', ADMIN).json()
        assert "Did you mean" not in typo["errors"][0]["message"]
        page = httpx.get(f"{base}/graphql", headers={"Accept": "text/html", **ADMIN})
        assert "GraphiQL" not in page.text


def test_every_customer_returned_is_audited_in_a_verifiable_chain(
    audited: tuple[str, Path],
) -> None:
    base, trail = audited
    query = '{ customer(id: "C-0000001") { fullName family { fullName } } }'
    assert "errors" not in post(base, query, BRANCH).json()
    post(base, '{ customer(id: "C-0000001") { valueTier } }', CC)
    events = [json.loads(line)["event"] for line in trail.read_text().splitlines()]
    returned = {(e["user"], e["customer_id"]) for e in events if e["outcome"] == "RETURNED"}
    assert {("test-branch_officer", "C-0000001"), ("test-branch_officer", "C-0000003")} <= returned
    denied = [e for e in events if e["outcome"] == "DENIED"]
    assert denied
    assert denied[-1]["role"] == "CONTACT_CENTER_AGENT"
    files = audit_files(secured({"audit_path": trail}), Path("."))
    verdict = verify(files)
    assert (verdict.ok, verdict.lines) == (True, len(events))
    lines = trail.read_text().splitlines()
    lines[0] = lines[0].replace("C-0000001", "C-0000009")
    trail.write_text("\n".join(lines) + "\n")
    assert verify(files).first_bad == 1  # the edited line breaks the chain


def test_reads_fail_closed_when_the_audit_cannot_be_written(
    api_graph: GraphSettings, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")  # a file where the audit's folder should be
    security = secured({"audit_path": blocked / "audit.jsonl"})
    with serve(api_graph, security=security) as base:
        answer = post(base, '{ customer(id: "C-0000001") { fullName } }', BRANCH).json()
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "AUDIT_UNAVAILABLE"
    assert "Maya" not in json.dumps(answer)


def test_a_caller_over_the_rate_limit_gets_429(api_graph: GraphSettings) -> None:
    security = secured({"rate_limit_per_minute": 3})
    with serve(api_graph, security=security) as base:
        codes = [post(base, "{ __typename }", BRANCH).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200]
        assert codes[3:] == [429, 429]
        assert post(base, "{ __typename }", MARKETING).status_code == 200  # per user


def test_segment_exports_need_a_role_that_may_export(api: str) -> None:
    create = """mutation { createSegment(name: "Leeds", filter: {city: "Leeds"}) {
        ... on SegmentSaved { segment { exportUrl } } } }"""
    url = post(api, create, MARKETING).json()["data"]["createSegment"]["segment"]["exportUrl"]
    assert httpx.get(api + url).status_code == 401
    assert httpx.get(api + url, headers=CC).status_code == 403
    rows = httpx.get(api + url, headers=MARKETING).text.splitlines()
    assert rows[0].startswith("id,")
    assert [r.split(",")[0] for r in rows[1:]] == ["C-0000001"]


def test_without_the_date_of_birth_a_role_sees_the_year_only(api: str) -> None:
    dated = '{ customer(id: "C-0000001") { birthDate } }'
    assert post(api, dated, CC).json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert post(api, dated, BRANCH).json()["data"]["customer"] == {"birthDate": "1979-05-02"}
    year = '{ customer(id: "C-0000001") { birthYear age } }'
    assert post(api, year, CC).json()["data"]["customer"]["birthYear"] == 1979
