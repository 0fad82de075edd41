"""Bad input: every bad row is rejected with row, field and reason; a broken file writes nothing."""

import json
from pathlib import Path

import pytest

from graph.cases import record_case_step
from graph.engines.embedded import EmbeddedEngine
from graph.feedback import record_feedback
from graph.interactions import record_interaction
from loaders.contracts import KINDS
from loaders.formats import MalformedFile
from loaders.pipeline import plan
from loaders.validation import validate
from tests.loaders.bank_files import copy_examples, load_dir, read_csv, snapshot, write_csv

# kind -> (changes to its first example row, the field named, words in the reason)
BAD_ROWS: dict[str, tuple[dict[str, str], str, str]] = {
    "channels": ({"id": "FAX"}, "id", "Input should be"),
    "products": ({"id": "P-X", "category": "CRYPTO"}, "category", "Input should be"),
    "agents": ({"id": "AG-9", "channelId": "PIGEON"}, "channelId", "Input should be"),
    "incidents": ({"id": "INC-9", "endedOn": "2026-07-01"}, "endedOn", "ends (2026-07-01) before"),
    "customers": ({"id": "C-9", "birthDate": "1979-02-30"}, "birthDate", "not an ISO date"),
    "households": ({"id": "H-9", "name": ""}, "name", "is required"),
    "household_members": ({"role": "LODGER"}, "role", "should match pattern"),
    "family": ({"toId": "C-9999999"}, "toId", "names no Customer"),
    "accounts": ({"id": "A-9", "balanceMinor": "12.50"}, "balanceMinor", "valid integer"),
    "account_holders": ({"accountId": "A-404"}, "accountId", "names no Account"),
    "cases": ({"id": "K-9", "category": "FRAUD"}, "category", "pattern"),
    "interactions": ({"id": "I-9", "customerId": "C-404"}, "customerId", "names no Customer"),
    "case_steps": ({"id": "CS-9", "stage": "ESCALATED"}, "stage", "Input should be"),
    "feedback": ({"id": "F-9", "kind": "NPS", "score": "11"}, "score", "NPS score must be 0-10"),
    "usage": ({"month": "2026-13"}, "month", "is not a month"),
}


@pytest.mark.parametrize("kind", list(KINDS))
async def test_a_bad_row_of_each_kind_is_rejected_and_the_rest_lands(
    engine: EmbeddedEngine, tmp_path: Path, kind: str
) -> None:
    folder = copy_examples(tmp_path)
    changes, field, words = BAD_ROWS[kind]
    rows = read_csv(folder / f"{kind}.csv")
    bad = {**rows[0], **{k: v for k, v in changes.items() if k in rows[0]}}
    write_csv(folder / f"{kind}.csv", [*rows, bad])

    report = await load_dir(engine, folder)

    by_kind = {f.source.kind: f for f in report.files}
    assert (by_kind[kind].read, by_kind[kind].written, by_kind[kind].rejected) == (
        len(rows) + 1, len(rows), 1,
    )  # fmt: skip
    assert sum(f.rejected for f in report.files) == 1
    path = by_kind[kind].rejects_path
    assert path == folder / f"{kind}.csv.rejected.jsonl"
    [line] = [json.loads(text) for text in path.read_text().splitlines()]
    assert line["row"] == len(rows) + 2  # the header is row 1
    assert line["field"] == field
    assert words in line["reason"]


async def test_a_later_clean_load_removes_the_old_rejects_file(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path)
    rows = read_csv(folder / "usage.csv")
    write_csv(folder / "usage.csv", [*rows, {**rows[0], "count": "-1"}])
    first = await load_dir(engine, folder)
    assert first.rejected == 1
    assert (folder / "usage.csv.rejected.jsonl").exists()
    write_csv(folder / "usage.csv", rows)
    second = await load_dir(engine, folder, "usage")
    assert second.rejected == 0
    assert not (folder / "usage.csv.rejected.jsonl").exists()


def test_unreadable_rows_are_rejected_not_fatal(tmp_path: Path) -> None:
    folder = copy_examples(tmp_path / "jsonl", "jsonl")
    with (folder / "feedback.jsonl").open("a") as handle:
        handle.write('{"id": "F-9", "customerId": \n')
    [source] = plan([folder / "feedback.jsonl"])
    assert source.rows == 4


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: p.write_bytes(p.read_bytes() + "C-9,Zoë,1980-01-01\n".encode("latin-1")),
         "not UTF-8 text"),
        (lambda p: p.write_text(p.read_text().replace("fullName", "full_name", 1)),
         "wrong header for customers: unknown column(s) full_name; missing required column(s) "
         "fullName"),
        (lambda p: p.write_text(""), "empty file"),
    ],
)  # fmt: skip
async def test_a_malformed_file_fails_in_one_line_and_nothing_is_written(
    engine: EmbeddedEngine, tmp_path: Path, damage: object, message: str
) -> None:
    folder = copy_examples(tmp_path)
    damage(folder / "customers.csv")  # type: ignore[operator]
    with pytest.raises(MalformedFile, match=r"customers\.csv") as caught:
        await load_dir(engine, folder)  # every file is inspected before any is written
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert await engine.read("MATCH (n) RETURN count(n) AS nodes") == [{"nodes": 0}]


def test_a_broken_parquet_file_is_malformed(tmp_path: Path) -> None:
    folder = copy_examples(tmp_path, "parquet")
    path = folder / "accounts.parquet"
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(MalformedFile, match=r"accounts\.parquet: cannot be read"):
        plan(sorted(folder.iterdir()))


async def test_one_event_at_a_time_gives_the_same_graph_as_the_bulk_load(
    engine: EmbeddedEngine, other_engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path)
    await load_dir(engine, folder)
    events = ("interactions", "case_steps", "feedback")
    await load_dir(other_engine, folder, *[k for k in KINDS if k not in events])
    recorders = (record_interaction, record_case_step, record_feedback)
    for kind, record in zip(events, recorders, strict=True):
        raw = list(enumerate(read_csv(folder / f"{kind}.csv"), start=2))
        checked = validate(KINDS[kind], raw)
        assert not checked.rejections
        for _, event in checked.rows:
            assert await record(other_engine, event)
    assert await snapshot(other_engine) == await snapshot(engine)
