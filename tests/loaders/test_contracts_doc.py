"""docs/data-contracts.md documents every column of every record kind as the loader reads it."""

from pathlib import Path

import pytest

from loaders.contracts import KINDS
from tests.loaders.contract_doc import documented, modelled

ROOT = Path(__file__).resolve().parents[2]


def test_every_kind_and_column_is_documented_in_load_order() -> None:
    doc = (ROOT / "docs" / "data-contracts.md").read_text()
    positions = [doc.index(f"### {kind}\n") for kind in KINDS]
    assert positions == sorted(positions)
    for kind, model in KINDS.items():
        assert list(documented(kind)) == list(model.model_fields), f"{kind}: columns differ"


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_doc_and_the_model_agree_on_types_required_columns_and_codes(kind: str) -> None:
    doc, model = documented(kind), modelled(KINDS[kind])
    for column, stated in doc.items():
        assert stated == model[column], f"{kind}.{column}: the doc says {stated}"


def test_the_doc_reader_sees_what_the_doc_says() -> None:
    accounts = documented("accounts")
    assert accounts["monthlyFlowMinor"].required is False
    assert accounts["status"].codes == frozenset({"OPEN", "DORMANT", "CLOSED"})
    assert documented("agents")["skills"].kind == "list of codes"
    assert documented("customers")["birthDate"].kind == "date"


def test_every_kind_has_an_example_file_with_the_documented_header() -> None:
    for kind, model in KINDS.items():
        header = (ROOT / "examples" / f"{kind}.csv").read_text().splitlines()[0]
        assert header.split(",") == list(model.model_fields)
