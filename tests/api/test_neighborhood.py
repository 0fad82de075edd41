"""The household explorer's data: neighbourhoods within a depth, and paths between people."""

from typing import Any

import httpx

from api.types.neighborhood import Relation
from graph.neighborhood import RELATIONS
from tests.api.served import ADMIN, graphql

AROUND = """
query Around($id: ID!, $depth: Int!, $relations: [Relation!]) {
  neighborhood(customerId: $id, depth: $depth, relations: $relations) {
    center truncated nodes { id label name } edges { source type target role }
  }
}
"""


def around(api: str, depth: int, relations: list[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = graphql(api, AROUND, id="C-0000005", depth=depth, relations=relations)[
        "neighborhood"
    ]
    return data


def test_depth_widens_the_neighbourhood(api: str) -> None:
    near = around(api, 1)
    assert {n["id"] for n in near["nodes"]} == {"C-0000005", "H-000002", "C-0000001", "A-0000004"}
    account = next(n for n in near["nodes"] if n["id"] == "A-0000004")
    assert account == {"id": "A-0000004", "label": "Account", "name": "Everyday Current Account"}
    wider = {n["id"] for n in around(api, 2)["nodes"]}
    assert {"C-0000002", "C-0000003", "H-000001", "A-0000003"} <= wider
    assert not around(api, 2)["truncated"]


def test_relations_limit_what_is_followed(api: str) -> None:
    family = around(api, 3, ["PARENT_OF", "SPOUSE_OF"])
    assert {e["type"] for e in family["edges"]} == {"PARENT_OF", "SPOUSE_OF"}
    assert {n["label"] for n in family["nodes"]} == {"Customer"}
    holds = around(api, 1, ["HOLDS"])["edges"]
    assert holds == [
        {"source": "C-0000005", "type": "HOLDS", "target": "A-0000004", "role": "PRIMARY"}
    ]


def test_paths_say_how_two_customers_are_connected(api: str) -> None:
    query = (
        'query { paths(from: "C-0000005", to: "C-0000002") '
        "{ length nodes { name } edges { type } } }"
    )
    paths = graphql(api, query)["paths"]
    assert [path["length"] for path in paths] == [2]
    assert [n["name"] for n in paths[0]["nodes"]] == [
        "Grace Adeyemi",
        "Maya Okafor",
        "David Okafor",
    ]
    assert [e["type"] for e in paths[0]["edges"]] == ["PARENT_OF", "SPOUSE_OF"]
    stranger = 'query { paths(from: "C-0000005", to: "C-0000006") { length } }'
    assert graphql(api, stranger) == {"paths": []}


def test_depth_is_bounded_and_relations_are_the_graphs_allow_list(api: str) -> None:
    body = httpx.post(f"{api}/graphql", headers=ADMIN, json={"query": AROUND, "variables": {
        "id": "C-0000005", "depth": 4}}, timeout=30).json()  # fmt: skip
    assert "depth must be 1-3, got 4" in body["errors"][0]["message"]
    assert tuple(Relation) == RELATIONS
