"""Locust users for bench/load_api.py: branch officers and contact-center agents at work.

Reads KITH_BENCH_KEY (the development signing key) and KITH_BENCH_CUSTOMERS (a file of
customer ids, one per line). A GraphQL answer with `errors` counts as a failure, even in
an HTTP 200.
"""

import os
import random
import time
from pathlib import Path
from typing import Any

import jwt
from locust import HttpUser, between, task

KEY = os.environ["KITH_BENCH_KEY"].encode()
DRAW = random.Random()  # noqa: S311 - which customer a request is about, not secrets
CUSTOMERS = Path(os.environ["KITH_BENCH_CUSTOMERS"]).read_text(encoding="utf-8").split()
FULL_360 = """query ($id: ID!) { customer(id: $id) { fullName age city household { name }
  family { relation fullName age } holdings { productName balance { minorUnits } status }
  lifestyle { total { assetsMinor liabilitiesMinor debtRatio } }
  serviceExcellence { interactions resolved satisfactionScore smiley }
  contactPreferences { channel best } needs { kind evidence } opportunities { productName } } }"""
BILLING = """query ($id: ID!) { view(customerId: $id, channel: CONTACT_CENTER, intent: BILLING) {
  ... on ContactCenterView { panes { kind } caller { fullName } replyChannel
    contactHistory { at intent outcome } openCases { category stage } } } }"""
PAGE = """{ customers(filter: {city: "Leeds"}, first: 20) { totalCount
  edges { node { id fullName age } } } }"""


def token(role: str, channel: str, user: str, **claims: str) -> str:
    """A development token for one simulated member of staff."""
    now = int(time.time())
    body = {"sub": user, "role": role, "channel": channel, "iat": now, "exp": now + 3600,
            "iss": "kith", "aud": "kith", **claims}  # fmt: skip
    return jwt.encode(body, KEY, algorithm="HS256")


class Staff(HttpUser):
    """One member of staff: mostly 360s at the branch, billing calls at the contact center."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        """Sign in as a branch officer; contact-center calls get a token per call."""
        self.name_ = f"staff-{DRAW.randrange(10**9)}"
        self.branch = token("BRANCH_OFFICER", "BRANCH_TABLET", self.name_)

    def ask(self, label: str, query: str, auth: str, **variables: Any) -> None:
        """Post one document; count GraphQL errors as failures."""
        body = {"query": query, "variables": variables}
        with self.client.post("/graphql", json=body, name=label, catch_response=True,
                              headers={"Authorization": f"Bearer {auth}"}) as answer:  # fmt: skip
            if answer.status_code != 200:
                answer.failure(f"HTTP {answer.status_code}")
            elif "errors" in answer.json():
                answer.failure(answer.json()["errors"][0].get("extensions", {}).get("code"))

    @task(6)
    def full_360(self) -> None:
        """A branch officer opens a customer's 360."""
        self.ask("360", FULL_360, self.branch, id=DRAW.choice(CUSTOMERS))

    @task(3)
    def billing_call(self) -> None:
        """A contact-center agent takes a billing call from a verified customer."""
        caller = DRAW.choice(CUSTOMERS)
        agent = token("CONTACT_CENTER_AGENT", "CONTACT_CENTER", self.name_, customer=caller)
        self.ask("contact center billing", BILLING, agent, id=caller)

    @task(1)
    def customer_page(self) -> None:
        """A branch officer lists customers in a city."""
        self.ask("customers page", PAGE, self.branch)
