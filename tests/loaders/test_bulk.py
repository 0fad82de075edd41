"""A bulk import of an empty graph builds the graph `kith load` builds, rejects what it
rejects, and refuses a graph that holds anything."""

import difflib
from pathlib import Path

import pytest

from graph.engines.embedded import EmbeddedEngine
from graph.errors import BulkImportRefused
from loaders import checking
from loaders.pipeline import LoadReport, load_files, plan
from tests.loaders.bank_files import bank_paths, copy_examples, read_csv, snapshot, write_csv
from tests.loaders.test_rejections import BAD_ROWS


async def _bulk(engine: EmbeddedEngine, folder: Path) -> LoadReport:
    return await load_files(engine, plan(bank_paths(folder)), chunk_size=3, mode="bulk")


async def _incremental(engine: EmbeddedEngine, folder: Path) -> LoadReport:
    return await load_files(engine, plan(bank_paths(folder)), chunk_size=3)


def _counts(report: LoadReport) -> list[tuple[str, int, int, int]]:
    return [(f.source.kind, f.read, f.written, f.rejected) for f in report.files]


async def test_the_example_bank_imports_as_it_loads(
    engine: EmbeddedEngine, other_engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path)
    loaded = await _incremental(engine, folder)
    imported = await _bulk(other_engine, folder)
    assert _counts(imported) == _counts(loaded)
    assert imported.refreshed_customers == loaded.refreshed_customers
    assert _diff(await snapshot(other_engine), await snapshot(engine)) == []


async def test_a_graph_holding_anything_is_refused_and_kept(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path)
    await _incremental(engine, folder)
    before = await snapshot(engine)
    with pytest.raises(BulkImportRefused, match="holds data already"):
        await _bulk(engine, folder)
    assert await snapshot(engine) == before


def _repeat(folder: Path, kind: str, *changed: dict[str, str]) -> None:
    """Append rows to a kind's file: each its first row with some columns changed."""
    rows = read_csv(folder / f"{kind}.csv")
    write_csv(folder / f"{kind}.csv", [*rows, *({**rows[0], **change} for change in changed)])


async def test_repeated_keys_follow_each_kinds_rule_as_a_load_does(
    engine: EmbeddedEngine, other_engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path)
    _repeat(folder, "channels", {"name": "Renamed branch"})  # a later name wins
    newer, older = "2026-05-01T10:00:00Z", "2025-01-01T10:00:00Z"
    _repeat(
        folder,
        "customers",
        {"city": "Hull", "updatedAt": newer},
        {"city": "York", "email": "", "updatedAt": "2026-06-01T10:00:00Z"},  # email now unset
        {"city": "Selby", "updatedAt": older},  # older than what is there: ignored
    )
    _repeat(folder, "products", {"name": "Old name", "updatedAt": older})  # older: ignored
    _repeat(folder, "agents", {"channelId": "BRANCH", "updatedAt": newer})  # a second channel
    _repeat(folder, "accounts", {"productId": "P-SAVER", "updatedAt": "2026-11-30T10:00:00Z"})
    _repeat(folder, "account_holders", {"role": "JOINT"}, {"role": "PRIMARY"})  # last role wins
    _repeat(folder, "household_members", {"role": "MEMBER"})
    _repeat(folder, "covers", {})
    family = read_csv(folder / "family.csv")
    spouses = next(row for row in family if row["tie"] == "SPOUSE")
    # The same tie told from the other side is one tie.
    write_csv(
        folder / "family.csv",
        [*family, {**spouses, "fromId": spouses["toId"], "toId": spouses["fromId"]}],
    )
    _repeat(folder, "cases", {"accountId": "A-0000001", "updatedAt": "2026-10-01T10:00:00Z"})
    _repeat(folder, "interactions", {"outcome": "RESOLVED"})  # an event is written once
    _repeat(folder, "case_steps", {"stage": "RESOLVED"})  # a re-sent step changes nothing
    _repeat(folder, "feedback", {"score": "9"})
    _repeat(
        folder, "usage", {"count": "99"}, {"month": "2026-11", "count": "7"}
    )  # month overwritten, added
    loaded = await _incremental(engine, folder)
    imported = await _bulk(other_engine, folder)
    assert _counts(imported) == _counts(loaded)
    assert imported.replayed > 0  # repeats took the writers' way
    for graph in (engine, other_engine):  # the rules themselves, not only agreement
        maya = await graph.read(
            "MATCH (c:Customer {id: 'C-0000001'}) RETURN c.city AS city, c.email AS email"
        )
        assert maya == [{"city": "York", "email": None}]  # newest row, its empty email unset
    assert _diff(await snapshot(other_engine), await snapshot(engine)) == []


@pytest.mark.parametrize("file_format", ["jsonl", "parquet"])
async def test_every_format_imports_the_same_graph(
    engine: EmbeddedEngine, other_engine: EmbeddedEngine, tmp_path: Path, file_format: str
) -> None:
    await _incremental(engine, copy_examples(tmp_path / "csv"))
    await _bulk(other_engine, copy_examples(tmp_path / file_format, file_format))
    assert _diff(await snapshot(other_engine), await snapshot(engine)) == []


async def test_bad_rows_are_rejected_as_a_load_rejects_them(
    engine: EmbeddedEngine, other_engine: EmbeddedEngine, tmp_path: Path
) -> None:
    twins = []
    for engine_, name in ((engine, "loaded"), (other_engine, "imported")):
        folder = copy_examples(tmp_path / name)
        for kind, (changes, _field, _words) in BAD_ROWS.items():
            rows = read_csv(folder / f"{kind}.csv")
            write_csv(
                folder / f"{kind}.csv",
                [*rows, {**rows[0], **{k: v for k, v in changes.items() if k in rows[0]}}],
            )
        _repeat(folder, "customers", {"id": "C-NUL", "fullName": "Ann\x00Lee"})
        load = _bulk if name == "imported" else _incremental
        report = await load(engine_, folder)
        rejects = {
            f.source.kind: f.rejects_path.read_text() for f in report.files if f.rejects_path
        }
        twins.append((_counts(report), rejects))
    assert twins[0] == twins[1]
    assert len(twins[0][1]) == len(BAD_ROWS)
    assert "holds a NUL character" in twins[0][1]["customers"]
    assert _diff(await snapshot(other_engine), await snapshot(engine)) == []


async def test_the_imported_graph_is_indexed_and_searchable(
    other_engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await _bulk(other_engine, copy_examples(tmp_path))
    report = await other_engine.apply_schema()
    assert report.applied == 0  # every index and unique key was there already
    hits = await other_engine.search_customers("okafor", 5)
    assert {hit.customer_id for hit in hits} >= {"C-0000001", "C-0000002"}
    plan_text = await other_engine.explain(
        "MATCH (c:Customer {id: $id}) RETURN c.id AS id", {"id": "C-0000001"}
    )
    assert "Index Scan" in plan_text


async def test_an_import_that_fails_leaves_the_graph_empty(
    other_engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path)
    sources = plan(bank_paths(folder))
    (folder / "interactions.csv").unlink()  # gone after the plan, before its turn
    with pytest.raises(FileNotFoundError):
        await load_files(other_engine, sources, mode="bulk")
    assert await snapshot(other_engine) == ([], [])
    assert (await other_engine.apply_schema()).applied == 0  # and indexed, as it was


def _diff(imported: tuple[list[str], list[str]], loaded: tuple[list[str], list[str]]) -> list[str]:
    """Nodes and edges in one graph and not the other (- imported only, + loaded only)."""
    lines = difflib.unified_diff(imported[0] + imported[1], loaded[0] + loaded[1], lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and line[:3] not in ("---", "+++")]


async def test_files_read_in_a_second_process_import_the_same(
    engine: EmbeddedEngine,
    other_engine: EmbeddedEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await _incremental(engine, copy_examples(tmp_path / "here"))
    monkeypatch.setattr(checking, "SECOND_PROCESS_FROM_ROWS", 1)  # every file is "large"
    folder = copy_examples(tmp_path / "there")
    _repeat(folder, "customers", {"id": "C-9", "birthDate": "1979-02-30"})  # rejected there too
    report = await _bulk(other_engine, folder)
    assert report.rejected == 1
    assert _diff(await snapshot(other_engine), await snapshot(engine)) == []


async def test_a_file_the_second_process_cannot_read_stops_the_import_cleanly(
    other_engine: EmbeddedEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checking, "SECOND_PROCESS_FROM_ROWS", 1)
    folder = copy_examples(tmp_path)
    sources = plan(bank_paths(folder))
    (folder / "usage.csv").unlink()
    with pytest.raises(FileNotFoundError):
        await load_files(other_engine, sources, mode="bulk")
    assert await snapshot(other_engine) == ([], [])
