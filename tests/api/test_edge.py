"""The edge in production: errors name nothing of the schema, bodies cannot nest without end."""

import json
from collections.abc import Iterator

import httpx
import pytest

from graph.engines.settings import GraphSettings
from tests.api.served import ADMIN, post, secured, serve

# Each misspelling graphql-core answers with a suggestion: a type, an enum value (literal
# and variable), an argument, an input field, a field.
MISSPELT = [
    ('{ view(customerId: "C-0000001", channel: BRANCH_TABLET) { ... on Custmer { id } } }', {}),
    ('{ view(customerId: "C-0000001", channel: KIOSKK) { __typename } }', {}),
    ("query ($c: ViewChannel!) { view(customerId: \"C-0000001\", channel: $c) { __typename } }",
     {"c": "KIOSKK"}),
    ('{ customer(idd: "C-0000001") { id } }', {}),
    ('{ customers(filter: {valueTeir: "PRIVATE"}) { totalCount } }', {}),
    ('{ customer(id: "C-0000001") { fulName } }', {}),
]  # fmt: skip


@pytest.fixture(scope="module")
def production(api_graph: GraphSettings) -> Iterator[str]:
    """The app in production mode over the module's graph."""
    with serve(api_graph, security=secured({"mode": "production"})) as base:
        yield base


@pytest.mark.parametrize(("query", "variables"), MISSPELT)
def test_production_errors_suggest_no_names(
    production: str, api: str, query: str, variables: dict[str, object]
) -> None:
    body = {"query": query, "variables": variables}
    answer = httpx.post(f"{production}/graphql", json=body, headers=ADMIN, timeout=30).json()
    assert answer["errors"], answer
    assert "Did you mean" not in json.dumps(answer)
    assert all(e["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED" for e in answer["errors"])
    if "fulName" not in query:  # development keeps them (field suggestions are off in both)
        developer = httpx.post(f"{api}/graphql", json=body, headers=ADMIN, timeout=30).json()
        assert "Did you mean" in json.dumps(developer)


def nested(depth: int) -> object:
    """A list nested `depth` levels deep around one string."""
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("depth", [500, 990, 5000])
def test_deeply_nested_variables_get_400_with_a_code_before_parsing(
    production: str, depth: int
) -> None:
    query = "query ($f: CustomerFilterInput) { customers(filter: $f) { totalCount } }"
    # Written as text: the client's own JSON encoder recurses too.
    city = "[" * depth + '"x"' + "]" * depth
    body = f'{{"query": "{query}", "variables": {{"f": {{"city": {city}}}}}}}'
    headers = {**ADMIN, "content-type": "application/json"}
    answer = httpx.post(f"{production}/graphql", content=body, headers=headers, timeout=30)
    assert answer.status_code == 400
    error = answer.json()["errors"][0]
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert "32 levels" in error["message"]


def test_shallow_bodies_and_brackets_inside_strings_pass(production: str) -> None:
    query = "query ($f: CustomerFilterInput) { customers(filter: $f) { totalCount } }"
    inside = post(production, query, ADMIN, f={"city": "[" * 5000 + "{" * 5000})
    assert inside.status_code == 200
    assert inside.json()["data"]["customers"]["totalCount"] == 0
    legal = post(production, query, ADMIN, f={"city": nested(20)})  # a wrong type, not a limit
    assert legal.status_code == 200
    assert legal.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
