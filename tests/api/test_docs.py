"""Every GraphQL example in docs/api.md runs against the example bank without errors."""

import re
from pathlib import Path

import pytest

from tests.api.served import graphql

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
EXAMPLES = re.findall(r"```graphql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_page_has_an_example_per_user() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("document", EXAMPLES, ids=lambda d: d.split("{")[0].strip())
def test_the_example_runs(api: str, document: str) -> None:
    data = graphql(api, document)
    assert data
    assert all(value is not None for value in data.values())
