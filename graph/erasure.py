"""The right to erasure: a customer's own data removed, records the law keeps restricted."""

from typing import Final, LiteralString

from graph.engines import GraphEngine
from graph.records import Erased

# One statement, so an erasure is all or nothing (the embedded engine has no multi-statement
# transactions). The customer node goes with its properties, embedding, vector-index and
# full-text entries, scores, family ties and memberships; a household left empty goes too
# (its name is the family's), and so does a derived one (its evidence names the customer;
# the next `kith households` derives it again without them). Accounts keep a note of the
# erased holder for the retention period, restricted when no one else holds them; cases are
# kept restricted. An `Erasure` node remembers the id, so a later load cannot bring the
# customer back.
ERASE_CUSTOMER: Final[LiteralString] = """
MATCH (c:Customer {id: $customerId})
OPTIONAL MATCH (c)-[:MEMBER_OF]->(h:Household)
OPTIONAL MATCH (h)<-[:MEMBER_OF]-(other:Customer)
WHERE other <> c
WITH c, h, count(other) AS others
WITH c, collect(CASE WHEN others = 0 OR h.derived = true THEN h END) AS emptied
OPTIONAL MATCH (c)-[:HOLDS]->(a:Account)
OPTIONAL MATCH (a)<-[:HOLDS]-(co:Customer)
WHERE co <> c
WITH c, emptied, a, count(co) AS coHolders
WITH c, emptied, collect(a) AS accounts, collect(CASE WHEN coHolders = 0 THEN a END) AS solely
FOREACH (a IN accounts |
  SET a.erasedHolderIds = coalesce(a.erasedHolderIds, []) + [$customerId])
FOREACH (a IN solely | SET a.restricted = true)
WITH c, emptied, size(accounts) AS accountCount
OPTIONAL MATCH (c)-[:RAISED]->(k:Case)
WITH c, emptied, accountCount, collect(k) AS cases
FOREACH (k IN cases | SET k.restricted = true, k.erasedCustomerId = $customerId)
WITH c, emptied, accountCount, size(cases) AS caseCount
OPTIONAL MATCH (c)-[:HAD|GAVE|HAS_NEED|HAS_OPPORTUNITY|HAS_ALERT]->(owned)
WITH c, emptied, accountCount, caseCount, collect(DISTINCT owned) AS owned
FOREACH (n IN owned | DETACH DELETE n)
DETACH DELETE c
WITH emptied, accountCount, caseCount, size(owned) AS removed
FOREACH (h IN emptied | DETACH DELETE h)
MERGE (e:Erasure {id: $customerId})
SET e.at = $at
RETURN accountCount, caseCount, removed
"""


async def erase_customer(engine: GraphEngine, *, customer_id: str, at_ms: int) -> Erased | None:
    """Erase one customer; None when there is no such customer."""
    rows = await engine.write(ERASE_CUSTOMER, {"customerId": customer_id, "at": at_ms})
    if not rows:
        return None
    row = rows[0]
    return Erased(customer_id, int(row["accountCount"]), int(row["caseCount"]),
                  int(row["removed"]))  # fmt: skip
