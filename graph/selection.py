"""Selecting customers by profile, holdings, contact and cases: pages and counts.

One filter, written once, every criterion optional (a null parameter matches everyone).
Holdings and open cases are gathered with pattern comprehensions and tested in a
projection: the embedded engine runs neither EXISTS subqueries nor list predicates over
a parameter inside WHERE, so each test becomes a boolean column first.
"""

from dataclasses import dataclass
from typing import Any, Final, LiteralString

from graph.engine import GraphEngine

# The selection of a bound set of parameters; aggregates and pages are appended to it.
SELECTION_BODY: Final[LiteralString] = """
MATCH (c:Customer)
WHERE ($afterId IS NULL OR c.id > $afterId)
  AND ($city IS NULL OR c.city = $city)
  AND ($valueTier IS NULL OR c.valueTier = $valueTier)
  AND ($bornAfter IS NULL OR c.birthDate > $bornAfter)
  AND ($bornOnOrBefore IS NULL OR c.birthDate <= $bornOnOrBefore)
  AND ($contactAfter IS NULL OR c.lastContactAt >= $contactAfter)
  AND ($contactBefore IS NULL OR c.lastContactAt < $contactBefore)
  AND ($marketingConsent IS NULL OR c.marketingConsent = $marketingConsent)
  AND ($preferredChannel IS NULL OR c.preferredChannel = $preferredChannel)
WITH c,
     [(c)-[:HOLDS]->(a:Account)-[:OF_PRODUCT]->(p:Product) WHERE a.status <> 'CLOSED' | p.id]
       AS held,
     [(c)-[:RAISED]->(k:Case) WHERE NOT k.stage IN ['RESOLVED', 'CLOSED'] | k.id] AS openCases,
     [(c)-[:HAS_NEED]->(n:Need) | n.kind] AS needs
WITH c,
     ($holds IS NULL OR all(x IN $holds WHERE x IN held)) AS holdsAll,
     ($lacks IS NULL OR none(x IN $lacks WHERE x IN held)) AS lacksAll,
     ($openCase IS NULL OR $openCase = (size(openCases) > 0)) AS casesMatch,
     ($need IS NULL OR $need IN needs) AS needMatch
WHERE holdsAll AND lacksAll AND casesMatch AND needMatch
"""

_PAGE: Final[LiteralString] = " SKIP $skip LIMIT $limit"

# Sort keys are picked from literal statements, never spliced in; `c.id` makes each total.
# A page is ids in order; profiles are read by id after (the API's DataLoader).
LIST_CUSTOMERS: Final[dict[str, LiteralString]] = {
    "NAME": SELECTION_BODY + "RETURN c.id AS id ORDER BY c.fullName, c.id" + _PAGE,
    "AGE": SELECTION_BODY + "RETURN c.id AS id ORDER BY c.birthDate DESC, c.id" + _PAGE,
    "LAST_CONTACT": (
        SELECTION_BODY
        + "RETURN c.id AS id ORDER BY coalesce(c.lastContactAt, 0) DESC, c.id"
        + _PAGE
    ),
    "CITY": SELECTION_BODY + "RETURN c.id AS id ORDER BY c.city, c.fullName, c.id" + _PAGE,
}
COUNT_CUSTOMERS: Final[LiteralString] = SELECTION_BODY + "RETURN count(c) AS total"
# Exports walk a selection by id (keyset), so a page never re-reads the ones before it.
LIST_CUSTOMERS_BY_ID: Final[LiteralString] = (
    SELECTION_BODY + "RETURN c.id AS id ORDER BY c.id LIMIT $limit"
)


@dataclass(frozen=True, slots=True)
class CustomerFilter:
    """What to select; None means "any". Dates are ISO strings, times epoch milliseconds."""

    city: str | None = None
    value_tier: str | None = None
    born_after: str | None = None
    born_on_or_before: str | None = None
    contact_after: int | None = None
    contact_before: int | None = None
    holds: tuple[str, ...] | None = None
    lacks: tuple[str, ...] | None = None
    open_case: bool | None = None
    marketing_consent: bool | None = None
    preferred_channel: str | None = None
    need: str | None = None

    def params(self) -> dict[str, Any]:
        """The statement's parameters."""
        return {
            "city": self.city, "valueTier": self.value_tier, "bornAfter": self.born_after,
            "bornOnOrBefore": self.born_on_or_before, "contactAfter": self.contact_after,
            "contactBefore": self.contact_before,
            "holds": list(self.holds) if self.holds is not None else None,
            "lacks": list(self.lacks) if self.lacks is not None else None,
            "openCase": self.open_case, "marketingConsent": self.marketing_consent,
            "preferredChannel": self.preferred_channel, "need": self.need,
        }  # fmt: skip


async def list_customer_ids(
    engine: GraphEngine, *, selection: CustomerFilter, order: str, skip: int, limit: int
) -> list[str]:
    """Return the ids of one page of the selected customers, in a total order."""
    params = {**selection.params(), "afterId": None, "skip": skip, "limit": limit}
    rows = await engine.read(LIST_CUSTOMERS[order], params)
    return [str(row["id"]) for row in rows]


async def list_customer_ids_after(
    engine: GraphEngine, *, selection: CustomerFilter, after_id: str | None, limit: int
) -> list[str]:
    """Return the next `limit` selected ids after `after_id`, in id order."""
    params = {**selection.params(), "afterId": after_id, "limit": limit}
    rows = await engine.read(LIST_CUSTOMERS_BY_ID, params)
    return [str(row["id"]) for row in rows]


async def count_customers(engine: GraphEngine, *, selection: CustomerFilter) -> int:
    """Return how many customers the filter selects."""
    rows = await engine.read(COUNT_CUSTOMERS, {**selection.params(), "afterId": None})
    return int(rows[0]["total"]) if rows else 0
