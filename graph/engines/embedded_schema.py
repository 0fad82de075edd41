"""DDL of the embedded engine (FalkorDB): its own syntax, kept out of the shared Cypher.

FalkorDB has no `IF NOT EXISTS`; the adapter treats "already indexed" and "already
exists" answers as success, which makes the bootstrap idempotent.
"""

from typing import Final, LiteralString

# Unique constraints need an index on the same property first (FalkorDB's rule).
KEY_INDEXES: Final[tuple[LiteralString, ...]] = (
    "CREATE INDEX FOR (n:Customer) ON (n.id)",
    "CREATE INDEX FOR (n:Household) ON (n.id)",
    "CREATE INDEX FOR (n:Account) ON (n.id)",
    "CREATE INDEX FOR (n:Product) ON (n.id)",
    "CREATE INDEX FOR (n:Channel) ON (n.id)",
    "CREATE INDEX FOR (n:Interaction) ON (n.id)",
    "CREATE INDEX FOR (n:Case) ON (n.id)",
    "CREATE INDEX FOR (n:CaseStep) ON (n.id)",
    "CREATE INDEX FOR (n:Feedback) ON (n.id)",
    "CREATE INDEX FOR (n:Agent) ON (n.id)",
    "CREATE INDEX FOR (n:Segment) ON (n.id)",
    "CREATE INDEX FOR (n:Need) ON (n.id)",
    "CREATE INDEX FOR (n:Opportunity) ON (n.id)",
    "CREATE INDEX FOR (n:Alert) ON (n.id)",
    "CREATE INDEX FOR (n:Usage) ON (n.id)",
    "CREATE INDEX FOR (n:Incident) ON (n.id)",
    "CREATE INDEX FOR (n:Erasure) ON (n.id)",
)

LOOKUP_INDEXES: Final[tuple[LiteralString, ...]] = (
    "CREATE INDEX FOR (n:Customer) ON (n.city)",
    "CREATE INDEX FOR (n:Customer) ON (n.valueTier)",
    "CREATE INDEX FOR (n:Customer) ON (n.birthDate)",
    "CREATE INDEX FOR (n:Customer) ON (n.lastContactAt)",
    "CREATE INDEX FOR (n:Customer) ON (n.portfolioId)",
    "CREATE INDEX FOR (n:Account) ON (n.status)",
    "CREATE INDEX FOR (n:Product) ON (n.category)",
    "CREATE INDEX FOR (n:Interaction) ON (n.at)",
    "CREATE INDEX FOR (n:Incident) ON (n.service)",
    "CREATE INDEX FOR (n:Case) ON (n.stage)",
    "CREATE INDEX FOR (n:Case) ON (n.openedAt)",
    "CREATE INDEX FOR (n:Feedback) ON (n.at)",
    "CREATE INDEX FOR (n:Alert) ON (n.status)",
    "CREATE INDEX FOR (n:Alert) ON (n.storedAt)",
    "CREATE INDEX FOR (n:Opportunity) ON (n.score)",
    "CREATE INDEX FOR (n:Segment) ON (n.name)",
)

FULLTEXT_INDEX: Final[LiteralString] = (
    "CALL db.idx.fulltext.createNodeIndex('Customer', 'fullName', 'email', 'phone')"
)

VECTOR_INDEXES: Final[tuple[LiteralString, ...]] = (
    "CREATE VECTOR INDEX FOR (n:Customer) ON (n.embedding) "
    "OPTIONS {dimension: 64, similarityFunction: 'cosine'}",
    "CREATE VECTOR INDEX FOR (n:Product) ON (n.embedding) "
    "OPTIONS {dimension: 64, similarityFunction: 'cosine'}",
)

# Each index's state: an index over data already there is built in the background.
INDEX_STATES: Final[LiteralString] = "CALL db.indexes() YIELD label, status RETURN label, status"

# Engine-specific reads and writes of the two special indexes.
SEARCH_CUSTOMERS: Final[LiteralString] = """
CALL db.idx.fulltext.queryNodes('Customer', $text) YIELD node, score
RETURN node.id AS id, score
ORDER BY score DESC, id
LIMIT $limit
"""

STORE_EMBEDDINGS: Final[dict[str, LiteralString]] = {
    "Customer": "UNWIND $rows AS row MATCH (n:Customer {id: row.id}) "
    "SET n.embedding = vecf32(row.vector) RETURN count(n) AS stored",
    "Product": "UNWIND $rows AS row MATCH (n:Product {id: row.id}) "
    "SET n.embedding = vecf32(row.vector) RETURN count(n) AS stored",
}

# FalkorDB's cosine score is a distance d = 1 - cos; 1 - d/2 = (1 + cos)/2 is Neo4j's score.
NEAREST: Final[dict[str, LiteralString]] = {
    "Customer": "CALL db.idx.vector.queryNodes('Customer', 'embedding', $k, vecf32($vector)) "
    "YIELD node, score RETURN node.id AS id, 1.0 - score / 2.0 AS score",
    "Product": "CALL db.idx.vector.queryNodes('Product', 'embedding', $k, vecf32($vector)) "
    "YIELD node, score RETURN node.id AS id, 1.0 - score / 2.0 AS score",
}
