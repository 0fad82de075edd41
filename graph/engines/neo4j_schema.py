"""DDL of the production engine (Neo4j 5): idempotent by `IF NOT EXISTS`."""

from typing import Final, LiteralString

KEY_CONSTRAINTS: Final[tuple[LiteralString, ...]] = (
    "CREATE CONSTRAINT customer_id IF NOT EXISTS FOR (n:Customer) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT household_id IF NOT EXISTS FOR (n:Household) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT account_id IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT product_id IF NOT EXISTS FOR (n:Product) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT channel_id IF NOT EXISTS FOR (n:Channel) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (n:Interaction) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT case_id IF NOT EXISTS FOR (n:Case) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT case_step_id IF NOT EXISTS FOR (n:CaseStep) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT feedback_id IF NOT EXISTS FOR (n:Feedback) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT agent_id IF NOT EXISTS FOR (n:Agent) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT segment_id IF NOT EXISTS FOR (n:Segment) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT need_id IF NOT EXISTS FOR (n:Need) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT opportunity_id IF NOT EXISTS FOR (n:Opportunity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (n:Alert) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT usage_id IF NOT EXISTS FOR (n:Usage) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT incident_id IF NOT EXISTS FOR (n:Incident) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT erasure_id IF NOT EXISTS FOR (n:Erasure) REQUIRE n.id IS UNIQUE",
)

LOOKUP_INDEXES: Final[tuple[LiteralString, ...]] = (
    "CREATE INDEX customer_city IF NOT EXISTS FOR (n:Customer) ON (n.city)",
    "CREATE INDEX customer_valueTier IF NOT EXISTS FOR (n:Customer) ON (n.valueTier)",
    "CREATE INDEX customer_birthDate IF NOT EXISTS FOR (n:Customer) ON (n.birthDate)",
    "CREATE INDEX customer_lastContactAt IF NOT EXISTS FOR (n:Customer) ON (n.lastContactAt)",
    "CREATE INDEX customer_portfolioId IF NOT EXISTS FOR (n:Customer) ON (n.portfolioId)",
    "CREATE INDEX account_status IF NOT EXISTS FOR (n:Account) ON (n.status)",
    "CREATE INDEX product_category IF NOT EXISTS FOR (n:Product) ON (n.category)",
    "CREATE INDEX interaction_at IF NOT EXISTS FOR (n:Interaction) ON (n.at)",
    "CREATE INDEX incident_service IF NOT EXISTS FOR (n:Incident) ON (n.service)",
    "CREATE INDEX case_stage IF NOT EXISTS FOR (n:Case) ON (n.stage)",
    "CREATE INDEX case_openedAt IF NOT EXISTS FOR (n:Case) ON (n.openedAt)",
    "CREATE INDEX feedback_at IF NOT EXISTS FOR (n:Feedback) ON (n.at)",
    "CREATE INDEX alert_status IF NOT EXISTS FOR (n:Alert) ON (n.status)",
    "CREATE INDEX alert_storedAt IF NOT EXISTS FOR (n:Alert) ON (n.storedAt)",
    "CREATE INDEX opportunity_score IF NOT EXISTS FOR (n:Opportunity) ON (n.score)",
    "CREATE INDEX segment_name IF NOT EXISTS FOR (n:Segment) ON (n.name)",
)

FULLTEXT_INDEX: Final[LiteralString] = (
    "CREATE FULLTEXT INDEX customer_search IF NOT EXISTS "
    "FOR (n:Customer) ON EACH [n.fullName, n.email, n.phone]"
)

VECTOR_INDEXES: Final[tuple[LiteralString, ...]] = (
    "CREATE VECTOR INDEX customer_embedding IF NOT EXISTS FOR (n:Customer) ON n.embedding "
    "OPTIONS {indexConfig: {`vector.dimensions`: 64, `vector.similarity_function`: 'cosine'}}",
    "CREATE VECTOR INDEX product_embedding IF NOT EXISTS FOR (n:Product) ON n.embedding "
    "OPTIONS {indexConfig: {`vector.dimensions`: 64, `vector.similarity_function`: 'cosine'}}",
)

# Engine-specific reads and writes of the two special indexes.
SEARCH_CUSTOMERS: Final[LiteralString] = """
CALL db.index.fulltext.queryNodes('customer_search', $text) YIELD node, score
RETURN node.id AS id, score
ORDER BY score DESC, id
LIMIT $limit
"""

STORE_EMBEDDINGS: Final[dict[str, LiteralString]] = {
    "Customer": "UNWIND $rows AS row MATCH (n:Customer {id: row.id}) "
    "CALL db.create.setNodeVectorProperty(n, 'embedding', row.vector) "
    "RETURN count(n) AS stored",
    "Product": "UNWIND $rows AS row MATCH (n:Product {id: row.id}) "
    "CALL db.create.setNodeVectorProperty(n, 'embedding', row.vector) "
    "RETURN count(n) AS stored",
}

NEAREST: Final[dict[str, LiteralString]] = {
    "Customer": "CALL db.index.vector.queryNodes('customer_embedding', $k, $vector) "
    "YIELD node, score RETURN node.id AS id, score",
    "Product": "CALL db.index.vector.queryNodes('product_embedding', $k, $vector) "
    "YIELD node, score RETURN node.id AS id, score",
}
