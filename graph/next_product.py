"""What the product-adoption models read (lean, a page at a time) and write back."""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine, Params
from graph.records import Adopter, Held, Propensity

# One row per customer, only what the models use: every column is paid a million times.
GET_ADOPTERS: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})
OPTIONAL MATCH (c)-[:HOLDS]->(a:Account)-[:OF_PRODUCT]->(p:Product)
WITH c, collect([p.id, a.openedOn, a.status,
                 size([(o:Customer)-[:HOLDS]->(a) | o.id]) > 1, a.id, a.openedAt]) AS held
OPTIONAL MATCH (c)-[r:SPOUSE_OF|PARENT_OF|SIBLING_OF]-(m:Customer)
WITH c, held, collect([m.id, type(r), startNode(r) = c, m.birthDate]) AS kin
RETURN c.id AS id, c.birthDate AS birthDate, c.monthlyIncomeMinor AS income,
       c.tripsAbroadPerYear AS trips, c.profilingConsent AS profilingConsent,
       held, kin
ORDER BY id
"""


async def list_adopters(engine: GraphEngine, *, customer_ids: Sequence[str]) -> list[Adopter]:
    """Return the named customers with holdings and kin, by id."""
    rows = await engine.read(GET_ADOPTERS, {"ids": list(customer_ids)})
    return [_adopter(row) for row in rows]


def _adopter(row: Params) -> Adopter:
    # OPTIONAL MATCH with nothing found collects one list of nulls: keep real entries only.
    held = tuple(
        Held(str(p), opened, status, bool(joint), str(account), at)
        for p, opened, status, joint, account, at in row["held"] if p is not None
    )  # fmt: skip
    kin = tuple(
        (str(m), _relation(tie, bool(outgoing)), birth)
        for m, tie, outgoing, birth in row["kin"] if m is not None
    )  # fmt: skip
    return Adopter(
        id=row["id"], birth_date=row["birthDate"], monthly_income_minor=row["income"] or 0,
        trips_abroad_per_year=row["trips"] or 0,
        profiling_consent=bool(row["profilingConsent"]), holdings=held, kin=kin,
    )  # fmt: skip


def _relation(tie: str, outgoing: bool) -> str:
    """PARENT_OF read from the parent is CHILD, from the child PARENT; the others as named."""
    if tie == "PARENT_OF":
        return "CHILD" if outgoing else "PARENT"
    return "SPOUSE" if tie == "SPOUSE_OF" else "SIBLING"


# Propensities as two parallel lists (both engines store homogeneous lists as properties);
# the model version says which model wrote them, the digest what was written (propensities
# and embedding), so a batch re-score writes only what changed. A row without a digest
# clears it: the next batch writes that customer again.
WRITE_PROPENSITIES: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
SET c.propensityProducts = row.products, c.propensityScores = row.scores,
    c.propensityModel = row.model, c.propensityDigest = row.digest
RETURN count(c) AS written
"""

# A customer without propensities (consent withdrawn) keeps no embedding either: lookalikes
# search the embeddings, and profiling needs consent.
CLEAR_EMBEDDINGS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
WHERE c.embedding IS NOT NULL
SET c.embedding = null
RETURN count(c) AS cleared
"""


async def clear_embeddings(engine: GraphEngine, customer_ids: Sequence[str]) -> None:
    """Remove these customers' embeddings (they are out of the vector index too)."""
    await engine.write_batches(CLEAR_EMBEDDINGS, [{"customerId": c} for c in customer_ids])


LIST_PROPENSITY_DIGESTS: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})
RETURN id, c.propensityDigest AS digest
"""


async def list_propensity_digests(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, str | None]:
    """Each customer's digest of what the last batch wrote (None: never, or since cleared)."""
    rows = await engine.read(LIST_PROPENSITY_DIGESTS, {"ids": list(customer_ids)})
    return {row["id"]: row["digest"] for row in rows}


async def write_propensities(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Write each customer's top product propensities (held products already left out)."""
    await engine.write_batches(WRITE_PROPENSITIES, list(rows))
    return len(rows)


# The products' names are read once for the page, not once per customer and product: a
# product lookup per propensity was five index seeks a customer (a sixth of a score run at
# a million customers).
LIST_PROPENSITIES_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})
WHERE c.propensityProducts IS NOT NULL
RETURN id AS of, c.propensityProducts AS products, c.propensityScores AS scores,
       c.propensityModel AS model
"""

PRODUCT_NAMES: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (p:Product {id: id})
RETURN p.id AS id, p.name AS name
"""


async def list_propensities_of(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, list[Propensity]]:
    """Return each customer's written propensities, best first (ties by product id); a
    product no longer in the catalogue is left out."""
    rows = await engine.read(LIST_PROPENSITIES_OF, {"ids": list(customer_ids)})
    wanted = sorted({p for row in rows for p in row["products"]})
    names = await engine.read(PRODUCT_NAMES, {"ids": wanted}) if wanted else []
    name = {row["id"]: row["name"] for row in names}
    found: dict[str, list[Propensity]] = {id_: [] for id_ in customer_ids}
    for row in rows:
        found[row["of"]] = sorted(
            (Propensity(p, name[p], float(score), row["model"])
             for p, score in zip(row["products"], row["scores"], strict=True) if p in name),
            key=lambda chance: (-chance.score, chance.product_id),
        )  # fmt: skip
    return found


LIST_EMBEDDINGS_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})
WHERE c.embedding IS NOT NULL
RETURN id, c.embedding AS vector
"""


async def list_embeddings_of(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, list[float]]:
    """Return the customers' embeddings (those scored by the model)."""
    rows = await engine.read(LIST_EMBEDDINGS_OF, {"ids": list(customer_ids)})
    return {row["id"]: [float(v) for v in row["vector"]] for row in rows}
