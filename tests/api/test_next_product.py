"""The next-product model end to end: trained on a tiny bank, written back, served, re-scored."""

import json
import shutil
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from api.jobs import next_product as next_product_job
from api.jobs.model_store import (
    FORMAT,
    METADATA,
    NoModel,
    ServedModel,
    load_current,
    models_dir,
    save,
)
from api.jobs.next_product import catalogue, export, relevant_of, serving_data, write_scores
from api.jobs.scoring import ScoreSettings, score_all
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from graph.next_product import list_embeddings_of, list_propensities_of, write_propensities
from loaders.pipeline import load_files, plan
from loaders.synthetic import write_bank
from recommenders.next_product.config import TrainConfig
from recommenders.next_product.data import NextProductData
from recommenders.next_product.training import Training, train_models
from tests.api.served import graphql, serve
from tests.loaders.bank_files import bank_paths

DAY = date(2026, 11, 23)
CUSTOMER = """
query One($id: ID!) { customer(id: $id) { propensities { productId productName score model } } }
"""
CREATE = """
mutation Create($filter: CustomerFilterInput!) {
  createSegment(name: "Investors", filter: $filter) {
    ... on SegmentSaved { segment { id lookalikes(first: 5) { similarity customer { id } } } }
  }
}
"""
LINK = """
mutation Link($from: ID!, $to: ID!) {
  linkFamily(fromId: $from, toId: $to, tie: SIBLING) { __typename }
}
"""


@dataclass(frozen=True)
class Scored:
    settings: GraphSettings
    engine: EmbeddedEngine
    served: ServedModel
    consenting: list[str]
    propensities: int
    training: Training
    data: NextProductData


@pytest.fixture(scope="module")
async def scored(
    engine_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Scored]:
    """A 300-customer synthetic bank, a model trained on it, and every customer scored."""
    settings = GraphSettings(data_dir=engine_dir, graph_database=f"m{uuid.uuid4().hex[:10]}")
    engine = await EmbeddedEngine.open(settings)
    await engine.apply_schema()
    bank = tmp_path_factory.mktemp("bank")
    write_bank(bank, customers=300, seed=11)
    await load_files(engine, plan(bank_paths(bank)))
    builder = (await catalogue(engine)).builder(DAY, hide_latest=True)
    await export(engine, [builder])
    data = builder.finish()
    training = train_models(data, TrainConfig(epochs=15))
    save(engine_dir, training, {"customers": len(data.customer_ids)})
    served = load_current(engine_dir)
    report = await score_all(engine, ScoreSettings(DAY), served)
    consenting = sorted(builder.consenting)
    try:
        yield Scored(settings, engine, served, consenting, report.propensities, training, data)
    finally:
        shutil.rmtree(models_dir(engine_dir))  # other modules' apps must find no model
        await engine.drop_graph()
        await engine.close()


async def test_propensities_land_in_the_graph_for_consenting_customers(scored: Scored) -> None:
    assert scored.propensities == len(scored.consenting) > 0
    people = await list_propensities_of(scored.engine, customer_ids=scored.consenting[:20])
    for found in people.values():
        assert 0 < len(found) <= 5
        assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)
        assert sum(p.score for p in found) <= 1.0 + 1e-6
        assert {p.model for p in found} == {scored.served.version}
    metadata = json.loads(
        (models_dir(scored.settings.data_dir) / scored.served.version / METADATA).read_text()
    )
    assert metadata["customers"] == 300
    assert set(metadata["config"]) >= {"dim", "epochs", "learning_rate"}
    # Every product of the catalogue is the model's, not one per category.
    assert metadata["product_ids"] == scored.data.product_ids
    validation = metadata["validation"]["next-product model (graph)"]
    assert validation["customers"] > 0
    assert validation["products"] == len(scored.data.product_ids)


async def test_a_batch_rescore_writes_only_the_customers_that_changed(scored: Scored) -> None:
    await score_all(scored.engine, ScoreSettings(DAY), scored.served)  # whatever came before
    before = await list_propensities_of(scored.engine, customer_ids=scored.consenting)
    unchanged = await score_all(scored.engine, ScoreSettings(DAY), scored.served)
    assert unchanged.propensities == len(scored.consenting)  # everyone still has them
    assert unchanged.propensities_written == 0
    cleared = scored.consenting[2]
    # A row without a digest, as a write outside the batch would leave it.
    row = {"customerId": cleared, "products": [], "scores": [], "model": "cleared"}
    await write_propensities(scored.engine, [row])
    again = await score_all(scored.engine, ScoreSettings(DAY), scored.served)
    assert again.propensities_written == 1
    after = await list_propensities_of(scored.engine, customer_ids=scored.consenting)
    assert after == before


async def test_writing_a_chunk_at_a_time_leaves_what_one_write_leaves(
    scored: Scored, monkeypatch: pytest.MonkeyPatch
) -> None:
    await score_all(scored.engine, ScoreSettings(DAY), scored.served)  # whatever came before
    everyone = scored.data.customer_ids
    before = await list_propensities_of(scored.engine, customer_ids=everyone)
    vectors = await list_embeddings_of(scored.engine, customer_ids=everyone)
    rows = [{"customerId": c, "products": [], "scores": [], "model": "cleared"}
            for c in scored.consenting[:40]]  # fmt: skip
    await write_propensities(scored.engine, rows)
    monkeypatch.setattr(next_product_job, "WRITE_CHUNK", 7)  # 300 customers: 43 chunks
    again = await score_all(scored.engine, ScoreSettings(DAY), scored.served)
    assert (again.propensities, again.propensities_written) == (len(scored.consenting), 40)
    assert await list_propensities_of(scored.engine, customer_ids=everyone) == before
    assert await list_embeddings_of(scored.engine, customer_ids=everyone) == vectors


async def test_a_customer_who_withdraws_consent_keeps_no_embedding(scored: Scored) -> None:
    data, _ = await serving_data(scored.engine, scored.served.product_ids, DAY)
    leaving = scored.consenting[3]
    assert await list_embeddings_of(scored.engine, customer_ids=[leaving])
    staying = frozenset(scored.consenting) - {leaving}
    await write_scores(scored.engine, scored.served, data, staying)
    assert await list_embeddings_of(scored.engine, customer_ids=[leaving]) == {}
    assert (await list_propensities_of(scored.engine, customer_ids=[leaving]))[leaving] == []
    back = await write_scores(scored.engine, scored.served, data, frozenset(scored.consenting))
    assert back.written == 1  # only the one who came back
    assert await list_embeddings_of(scored.engine, customer_ids=[leaving])


def test_the_saved_model_scores_as_the_trained_one_and_old_files_are_refused(
    scored: Scored, tmp_path: Path
) -> None:
    version = save(tmp_path, scored.training, {})
    served = load_current(tmp_path)
    chances = served.chances(scored.data)
    assert (chances[scored.data.held] == 0).all()
    trained = scored.training.model.scores(scored.data)
    assert abs(chances - trained).max() < 1e-5
    meta = models_dir(tmp_path) / version / METADATA
    meta.write_text(meta.read_text().replace(f'"format": {FORMAT}', f'"format": {FORMAT - 1}'))
    with pytest.raises(NoModel, match="older format"):
        load_current(tmp_path)


async def test_no_propensity_without_profiling_consent(scored: Scored) -> None:
    everyone = [f"C-{n:07d}" for n in range(1, 301)]
    objecting = sorted(set(everyone) - set(scored.consenting))[:10]
    assert objecting
    found = await list_propensities_of(scored.engine, customer_ids=objecting)
    assert all(not p for p in found.values())


def test_the_api_serves_them_and_finds_lookalikes(scored: Scored) -> None:
    customer_id = scored.consenting[0]
    with serve(scored.settings) as api:
        served = graphql(api, CUSTOMER, id=customer_id)["customer"]["propensities"]
        assert served
        assert {p["model"] for p in served} == {scored.served.version}
        saved = graphql(api, CREATE, filter={"holdsProducts": ["P-INVEST"]})["createSegment"]
        alike = saved["segment"]["lookalikes"]
    assert len(alike) == 5
    assert [a["similarity"] for a in alike] == sorted(
        (a["similarity"] for a in alike), reverse=True
    )


async def test_a_changed_customer_is_rescored_without_retraining(scored: Scored) -> None:
    first, second = scored.consenting[0], scored.consenting[1]
    rows = [{"customerId": c, "products": [], "scores": [], "model": "cleared"}
            for c in (first, second)]  # fmt: skip
    await write_propensities(scored.engine, rows)
    with serve(scored.settings) as api:
        assert graphql(api, LINK, **{"from": first, "to": second})["linkFamily"]
        again = graphql(api, CUSTOMER, id=first)["customer"]["propensities"]
    assert again
    assert {p["model"] for p in again} == {scored.served.version}


def test_an_erased_customer_is_no_lookalike(scored: Scored) -> None:
    erase = """mutation ($id: ID!) { eraseCustomer(customerId: $id, reference: "DSR-LOOK") {
        __typename } }"""
    query = """{ segments { name lookalikes(first: 5) { customer { id } } } }"""

    def lookalikes(api: str) -> list[str]:
        found = graphql(api, query)["segments"][0]["lookalikes"]
        return [a["customer"]["id"] for a in found]

    with serve(scored.settings) as api:
        graphql(api, CREATE, filter={"holdsProducts": ["P-INVEST"]})
        before = lookalikes(api)
        assert graphql(api, erase, id=before[0])["eraseCustomer"]["__typename"] == "CustomerErased"
        after = lookalikes(api)
        # Once in a CI run the embedded engine's vector index answered no neighbour right
        # after a node with a vector was deleted; it is given a few seconds to settle.
        deadline = time.monotonic() + 10
        while len(after) < 5 and time.monotonic() < deadline:
            time.sleep(0.5)
            after = lookalikes(api)
    assert before[0] not in after
    assert len(after) == 5  # the next nearest takes the place


def test_truth_rows_the_evaluation_cannot_rank_are_counted_by_reason() -> None:
    data = NextProductData(
        ["C-1", "C-2"], ["P-A", "P-B", "P-C"], np.zeros((2, 1), np.float32),
        np.array([[True, False, False], [False, False, False]]), np.zeros((2, 0), np.int64),
        np.full(2, -1, np.int64),
    )  # fmt: skip
    truth = {"C-1": {"P-A", "P-B", "P-NOPE"}, "C-2": {"P-C"}, "C-404": {"P-A", "P-B"}}
    relevant, coverage = relevant_of(data, truth)
    assert relevant == {0: {1}, 1: {2}}
    assert (coverage.customers, coverage.products) == (2, 3)
    assert (coverage.unknown_customer, coverage.unknown_product, coverage.already_held) == (2, 1, 1)
    assert coverage.left_out() == (
        "2 of customers not in the graph; 1 of products not in the catalogue; "
        "1 of products the customer already holds"
    )
