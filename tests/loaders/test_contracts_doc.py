"""docs/data-contracts.md documents every column of every record kind, and examples exist."""

from pathlib import Path

from loaders.contracts import KINDS

ROOT = Path(__file__).resolve().parents[2]


def test_every_kind_and_column_is_documented_in_load_order() -> None:
    doc = (ROOT / "docs" / "data-contracts.md").read_text()
    positions = [doc.index(f"### {kind}\n") for kind in KINDS]
    assert positions == sorted(positions)
    for kind, model in KINDS.items():
        section = doc.split(f"### {kind}\n", 1)[1].split("\n### ", 1)[0]
        for column in model.model_fields:
            assert f"| `{column}` |" in section, f"{kind}.{column} is not documented"


def test_every_kind_has_an_example_file_with_the_documented_header() -> None:
    for kind, model in KINDS.items():
        header = (ROOT / "examples" / f"{kind}.csv").read_text().splitlines()[0]
        assert header.split(",") == list(model.model_fields)
