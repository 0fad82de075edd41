"""`journeys`: pain points ranked from surveys and operations, over HTTP on the example bank."""

import httpx

from tests.api.served import ADMIN, graphql

JOURNEYS = """
query Journeys($window: Int!) {
  journeys(since: "2026-01-01T00:00:00Z", until: "2026-11-01T00:00:00Z",
           repeatWindowDays: $window, minContacts: 1) {
    rank journey touchpoint painScore contacts repeatContacts resolutionRate
    meanTurnaroundMinutes nps npsAnswers csat csatAnswers
  }
}
"""


def test_pain_points_rank_what_customers_say_beside_what_they_live(api: str) -> None:
    points = graphql(api, JOURNEYS, window=8)["journeys"]
    ranked = [(p["rank"], p["journey"], p["touchpoint"], p["painScore"]) for p in points]
    # Outbound sales contacts are no journey; the complaint call scored NPS 3 and was
    # transferred; a billing call needed a repeat (12 Sep 08:20, again 19 Sep 16:45).
    assert ranked == [
        (1, "COMPLAINT", "CONTACT_CENTER", 70),
        (2, "CARDS", "CONTACT_CENTER", 50),
        (3, "BILLING", "CONTACT_CENTER", 30),
        (4, "BILLING", "BRANCH", 0),
        (5, "GENERAL", "MOBILE", 0),
    ]
    billing = points[2]
    assert billing == {
        "rank": 3, "journey": "BILLING", "touchpoint": "CONTACT_CENTER", "painScore": 30,
        "contacts": 3, "repeatContacts": 1, "resolutionRate": 0.3333,
        "meanTurnaroundMinutes": 4335.0, "nps": 100.0, "npsAnswers": 1, "csat": None,
        "csatAnswers": 0,
    }  # fmt: skip
    assert (points[3]["csat"], points[3]["csatAnswers"]) == (5.0, 1)


def test_the_repeat_window_decides_what_counts_as_a_repeat(api: str) -> None:
    points = graphql(api, JOURNEYS, window=7)["journeys"]  # the call back came 7 d 8 h later
    billing = next(p for p in points if p["journey"] == "BILLING" and p["contacts"] == 3)
    assert billing["repeatContacts"] == 0


def test_a_backwards_period_is_refused_with_a_reason(api: str) -> None:
    query = '{ journeys(since: "2026-10-01T00:00:00Z", until: "2026-09-01T00:00:00Z") { rank } }'
    body = httpx.post(f"{api}/graphql", headers=ADMIN, json={"query": query}).json()
    assert body["data"] is None
    assert "since must be before until" in body["errors"][0]["message"]


def test_an_until_at_the_start_of_time_is_refused_not_a_fault(api: str) -> None:
    # Found by bench.fuzz_api: the default period reached before year 1 (OverflowError).
    query = '{ journeys(until: "0001-01-02T00:00:00Z") { rank } }'
    body = httpx.post(f"{api}/graphql", headers=ADMIN, json={"query": query}).json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert "give since" in body["errors"][0]["message"]
