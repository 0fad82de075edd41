"""The graph model as data: labels, business keys and the lookups the API makes.

Both engine adapters turn this into their own DDL; a test checks they cover all of it.
"""

from typing import Final

# Every node label, also the allow-list for anything that picks a label at run time.
NODE_LABELS: Final = (
    "Customer",
    "Household",
    "Account",
    "Product",
    "Channel",
    "Interaction",
    "Case",
    "CaseStep",
    "Feedback",
    "Agent",
    "Segment",
    "Need",
    "Opportunity",
    "Alert",
    "Usage",
    "Incident",
    "Erasure",
)

# Every label's business key is `id`; internal node ids never leave the engine.
BUSINESS_KEY: Final = "id"

# Non-unique range indexes for the lookups and filters the API will make.
LOOKUP_INDEXES: Final = (
    ("Customer", "city"),
    ("Customer", "valueTier"),
    ("Customer", "birthDate"),
    ("Customer", "lastContactAt"),
    ("Customer", "portfolioId"),  # a relationship manager's book, read on every request
    ("Account", "status"),
    ("Product", "category"),
    ("Interaction", "at"),
    ("Incident", "service"),
    ("Alert", "storedAt"),
    ("Case", "stage"),
    ("Case", "openedAt"),
    ("Feedback", "at"),
    ("Alert", "status"),
    ("Opportunity", "score"),
    ("Segment", "name"),
)

# Full-text search over people: what an agent types in the search box.
FULLTEXT_PROPERTIES: Final = ("fullName", "email", "phone")

# Labels with a vector-indexed `embedding` (graph-embedding recommenders, lookalikes).
VECTOR_LABELS: Final = ("Customer", "Product")
EMBEDDING_PROPERTY: Final = "embedding"
EMBEDDING_DIMENSIONS: Final = 64


def require_vector_label(label: str) -> str:
    """Return `label` if it carries embeddings, else refuse it (labels are never free text)."""
    if label not in VECTOR_LABELS:
        raise ValueError(f"label {label!r} has no embeddings; expected one of {VECTOR_LABELS}")
    return label
