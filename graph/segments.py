"""Segments: the aggregate profile of a selection, and saved selections marketing reuses.

A saved segment keeps its definition (the filter, as JSON) and is evaluated when read,
so its members are always current.
"""

import asyncio
from dataclasses import dataclass
from typing import Any, Final, LiteralString

from graph.engines import GraphEngine
from graph.selection import SELECTION_BODY, SHAPES, CustomerFilter, Shape

_SEGMENT_AGE_BANDS: Final[LiteralString] = """
WITH c, $year - toInteger(substring(c.birthDate, 0, 4)) AS age
RETURN CASE WHEN age < 18 THEN '0-17' WHEN age < 30 THEN '18-29' WHEN age < 45 THEN '30-44'
            WHEN age < 65 THEN '45-64' ELSE '65+' END AS band, count(c) AS customers
ORDER BY band
"""
_SEGMENT_TIERS: Final[LiteralString] = (
    "RETURN coalesce(c.valueTier, 'UNSCORED') AS tier, count(c) AS customers ORDER BY tier"
)
_SEGMENT_PRODUCTS: Final[LiteralString] = """
MATCH (c)-[:HOLDS]->(a:Account)-[:OF_PRODUCT]->(p:Product)
WHERE a.status <> 'CLOSED'
RETURN p.id AS product, p.name AS name, count(DISTINCT c) AS holders,
       toInteger(avg(a.balanceMinor)) AS averageBalanceMinor
ORDER BY product
"""
_SEGMENT_SURVEYS: Final[LiteralString] = """
RETURN count(c) AS customers, toInteger(sum(coalesce(c.npsCount, 0))) AS answers,
       toInteger(sum(coalesce(c.npsPromoters, 0))) AS promoters,
       toInteger(sum(coalesce(c.npsDetractors, 0))) AS detractors
"""
# A customer's preferred channel here: the one they contact most (the API ranks finer).
_SEGMENT_CHANNELS: Final[LiteralString] = """
MATCH (c)-[u:USES]->(ch:Channel)
WITH c, ch, u.contacts - u.outbound AS inbound ORDER BY inbound DESC, ch.id
WITH c, collect(ch.id)[0] AS preferred
RETURN preferred, count(c) AS customers ORDER BY customers DESC, preferred
"""


# Each aggregate after the selection of each shape (see graph.selection).
SEGMENT_AGGREGATES: Final[dict[tuple[str, Shape], LiteralString]] = {
    (name, shape): SELECTION_BODY[shape] + tail
    for name, tail in (
        ("ages", _SEGMENT_AGE_BANDS), ("tiers", _SEGMENT_TIERS),
        ("products", _SEGMENT_PRODUCTS), ("surveys", _SEGMENT_SURVEYS),
        ("channels", _SEGMENT_CHANNELS),
    )
    for shape in SHAPES
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SegmentProfile:
    """What a selection looks like in aggregate."""

    customers: int
    age_bands: tuple[tuple[str, int], ...]
    tiers: tuple[tuple[str, int], ...]
    products: tuple[tuple[str, str, int, int], ...]  # id, name, holders, average balance
    nps_answers: int
    nps_promoters: int
    nps_detractors: int
    preferred_channels: tuple[tuple[str, int], ...]


async def profile_segment(
    engine: GraphEngine, *, selection: CustomerFilter, year: int
) -> SegmentProfile:
    """Aggregate a selection: age bands (as of `year`), tiers, products, NPS, channels."""
    params: dict[str, Any] = {**selection.params(), "afterId": None, "year": year}
    shape = selection.shape()
    # Concurrently: the engine runs reads on a pool of threads, one per core.
    ages, tiers, products, surveys_rows, channels = await asyncio.gather(*(
        engine.read(SEGMENT_AGGREGATES[name, shape], params)
        for name in ("ages", "tiers", "products", "surveys", "channels")
    ))  # fmt: skip
    surveys = surveys_rows[0]
    return SegmentProfile(
        customers=surveys["customers"],
        age_bands=tuple((r["band"], r["customers"]) for r in ages),
        tiers=tuple((r["tier"], r["customers"]) for r in tiers),
        products=tuple(
            (r["product"], r["name"], r["holders"], r["averageBalanceMinor"]) for r in products
        ),
        nps_answers=surveys["answers"],
        nps_promoters=surveys["promoters"],
        nps_detractors=surveys["detractors"],
        preferred_channels=tuple((r["preferred"], r["customers"]) for r in channels),
    )


SAVE_SEGMENT: Final[LiteralString] = """
MERGE (s:Segment {id: $id})
SET s.name = $name, s.definition = $definition, s.savedAt = $savedAt
RETURN s.id AS id
"""
DELETE_SEGMENT: Final[LiteralString] = """
MATCH (s:Segment {id: $id})
DETACH DELETE s
RETURN count(s) AS deleted
"""
LIST_SEGMENTS: Final[LiteralString] = """
MATCH (s:Segment)
RETURN s.id AS id, s.name AS name, s.definition AS definition, s.savedAt AS savedAt
ORDER BY s.name, s.id
"""
GET_SEGMENT: Final[LiteralString] = """
MATCH (s:Segment {id: $id})
RETURN s.id AS id, s.name AS name, s.definition AS definition, s.savedAt AS savedAt
"""


@dataclass(frozen=True, slots=True)
class SavedSegment:
    """A named selection; `definition` is the filter as JSON."""

    id: str
    name: str
    definition: str
    saved_at: int


async def save_segment(
    engine: GraphEngine, *, segment_id: str, name: str, definition: str, saved_at: int
) -> None:
    """Create or replace a saved segment."""
    params = {"id": segment_id, "name": name, "definition": definition, "savedAt": saved_at}
    await engine.write(SAVE_SEGMENT, params)


async def delete_segment(engine: GraphEngine, *, segment_id: str) -> bool:
    """Delete a saved segment; False when there was none."""
    rows = await engine.write(DELETE_SEGMENT, {"id": segment_id})
    return bool(rows and rows[0]["deleted"])


async def list_segments(engine: GraphEngine) -> list[SavedSegment]:
    """Every saved segment, by name."""
    return [_segment(row) for row in await engine.read(LIST_SEGMENTS)]


async def get_segment(engine: GraphEngine, *, segment_id: str) -> SavedSegment | None:
    """One saved segment, or None."""
    rows = await engine.read(GET_SEGMENT, {"id": segment_id})
    return _segment(rows[0]) if rows else None


def _segment(row: dict[str, Any]) -> SavedSegment:
    return SavedSegment(row["id"], row["name"], row["definition"], row["savedAt"])
