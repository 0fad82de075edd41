"""Selecting customers by profile, holdings, contact, cases and needs: pages and counts.

One filter, every criterion optional (a null parameter matches everyone), written as a
profile part and three edge tests, each appended only when the filter uses it.
"""

from dataclasses import dataclass
from typing import Any, Final, LiteralString

from graph.engines import GraphEngine

# Which tests a filter needs: (any profile criterion, products held or lacked, open cases,
# needs).
Shape = tuple[bool, bool, bool, bool]
SHAPES: Final[tuple[Shape, ...]] = tuple(
    (f, p, c, n)
    for f in (False, True) for p in (False, True) for c in (False, True) for n in (False, True)
)  # fmt: skip

_EVERYONE: Final[LiteralString] = """
MATCH (c:Customer)
WHERE ($afterId IS NULL OR c.id > $afterId)
"""
# Tested only when the filter names one: eleven tests of every customer of a bank cost a
# whole-bank aggregate a sixth of its time (measured at 1M).
_PROFILE: Final[LiteralString] = """  AND ($city IS NULL OR c.city = $city)
  AND ($valueTier IS NULL OR c.valueTier = $valueTier)
  AND ($bornAfter IS NULL OR c.birthDate > $bornAfter)
  AND ($bornOnOrBefore IS NULL OR c.birthDate <= $bornOnOrBefore)
  AND ($contactAfter IS NULL OR c.lastContactAt >= $contactAfter)
  AND ($contactBefore IS NULL OR c.lastContactAt < $contactBefore)
  AND ($marketingConsent IS NULL OR c.marketingConsent = $marketingConsent)
  AND ($preferredChannel IS NULL OR c.preferredChannel = $preferredChannel)
  AND ($among IS NULL OR c.id IN $among)
  AND ($portfolio IS NULL OR c.portfolioId = $portfolio OR c.id IN $housemates)
"""
_PRODUCTS: Final[LiteralString] = """
WITH c,
     [(c)-[:HOLDS]->(a:Account)-[:OF_PRODUCT]->(p:Product) WHERE a.status <> 'CLOSED' | p.id]
       AS held
WITH c, ($holds IS NULL OR all(x IN $holds WHERE x IN held)) AS holdsAll,
     ($lacks IS NULL OR none(x IN $lacks WHERE x IN held)) AS lacksAll
WHERE holdsAll AND lacksAll
"""
_CASES: Final[LiteralString] = """
WITH c, [(c)-[:RAISED]->(k:Case) WHERE NOT k.stage IN ['RESOLVED', 'CLOSED'] | k.id]
       AS openCases
WITH c, $openCase = (size(openCases) > 0) AS casesMatch
WHERE casesMatch
"""
_NEEDS: Final[LiteralString] = """
WITH c, [(c)-[:HAS_NEED]->(n:Need) | n.kind] AS needs
WITH c, $need IN needs AS needMatch
WHERE needMatch
"""


def _selection(shape: Shape) -> LiteralString:
    """The selection of one shape: only the profile criteria and edge tests it needs.

    Each edge test walks every candidate's edges (tens of microseconds a customer on the
    embedded engine, measured), so a filter that names no products, cases or needs does
    not pay for them. Pattern comprehensions are tested as columns first: the embedded
    engine runs neither EXISTS subqueries nor list predicates over a parameter in WHERE.
    """
    profile, products, cases, needs = shape
    body = _EVERYONE
    if profile:
        body += _PROFILE
    if products:
        body += _PRODUCTS
    if cases:
        body += _CASES
    if needs:
        body += _NEEDS
    return body


# The selection of each shape (a fragment); aggregates and pages are appended to it.
SELECTION_BODY: Final[dict[Shape, LiteralString]] = {shape: _selection(shape) for shape in SHAPES}

_PAGE: Final[LiteralString] = " SKIP $skip LIMIT $limit"

# Sort keys are picked from literal statements, never spliced in; `c.id` makes each total.
# A page is ids in order; profiles are read by id after (the API's DataLoader).
_ORDERS: Final[dict[str, LiteralString]] = {
    "NAME": "RETURN c.id AS id ORDER BY c.fullName, c.id",
    "AGE": "RETURN c.id AS id ORDER BY c.birthDate DESC, c.id",
    "LAST_CONTACT": "RETURN c.id AS id ORDER BY coalesce(c.lastContactAt, 0) DESC, c.id",
    "CITY": "RETURN c.id AS id ORDER BY c.city, c.fullName, c.id",
}
LIST_CUSTOMERS: Final[dict[tuple[str, Shape], LiteralString]] = {
    (order, shape): SELECTION_BODY[shape] + _ORDERS[order] + _PAGE
    for order in _ORDERS
    for shape in SHAPES
}
COUNT_CUSTOMERS: Final[dict[Shape, LiteralString]] = {
    shape: SELECTION_BODY[shape] + "RETURN count(c) AS total" for shape in SHAPES
}
# Exports walk a selection by id (keyset), so a page never re-reads the ones before it.
LIST_CUSTOMERS_BY_ID: Final[dict[Shape, LiteralString]] = {
    shape: SELECTION_BODY[shape] + "RETURN c.id AS id ORDER BY c.id LIMIT $limit"
    for shape in SHAPES
}


_NOT_PROFILE: Final = frozenset({"holds", "lacks", "openCase", "need", "housemates"})


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
    among: tuple[str, ...] | None = None  # only these customers (which of them match?)
    # A relationship manager's reach: the portfolio's customers and their housemates.
    portfolio: str | None = None
    housemates: tuple[str, ...] = ()

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
            "among": list(self.among) if self.among is not None else None,
            "portfolio": self.portfolio, "housemates": list(self.housemates),
        }  # fmt: skip

    def shape(self) -> Shape:
        """Which tests this filter needs."""
        # Every parameter but the edge tests' is a profile criterion (housemates only
        # widen a portfolio), so a criterion added later is never skipped.
        profile = any(v is not None for k, v in self.params().items() if k not in _NOT_PROFILE)
        products = self.holds is not None or self.lacks is not None
        return profile, products, self.open_case is not None, self.need is not None


async def list_customer_ids(
    engine: GraphEngine, *, selection: CustomerFilter, order: str, skip: int, limit: int
) -> list[str]:
    """Return the ids of one page of the selected customers, in a total order."""
    params = {**selection.params(), "afterId": None, "skip": skip, "limit": limit}
    rows = await engine.read(LIST_CUSTOMERS[order, selection.shape()], params)
    return [str(row["id"]) for row in rows]


async def list_customer_ids_after(
    engine: GraphEngine, *, selection: CustomerFilter, after_id: str | None, limit: int
) -> list[str]:
    """Return the next `limit` selected ids after `after_id`, in id order."""
    params = {**selection.params(), "afterId": after_id, "limit": limit}
    rows = await engine.read(LIST_CUSTOMERS_BY_ID[selection.shape()], params)
    return [str(row["id"]) for row in rows]


async def count_customers(engine: GraphEngine, *, selection: CustomerFilter) -> int:
    """Return how many customers the filter selects."""
    params = {**selection.params(), "afterId": None}
    rows = await engine.read(COUNT_CUSTOMERS[selection.shape()], params)
    return int(rows[0]["total"]) if rows else 0
