"""The service's Prometheus metrics, each label drawn from a fixed set.

Label values never come from a caller or the data: an operation is counted by its name only
when that name is registered (the workspace's own operations, plus KITH_METRICS_OPERATIONS),
else as `other`; an error code, a statement or a refusal outside its known set is `other` too.
So no customer id, and no unbounded value, ever becomes a time series.
"""

from typing import Final

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

OTHER: Final = "other"
ANONYMOUS: Final = "anonymous"

# The operations the workspace (web/app) sends; a test keeps this list in step with it.
WORKSPACE_OPERATIONS: Final = frozenset({
    "Around", "Customer", "Desk", "Lookalikes", "Preview", "Reachable", "Record", "Save", "Search",
})  # fmt: skip

# Every code an error may carry (api/security/errors.py, the guard, the edge), and OK.
OUTCOMES: Final = frozenset({
    "OK", "BAD_REQUEST", "INVALID_INPUT", "FORBIDDEN", "LIMIT_EXCEEDED", "DATABASE_UNAVAILABLE",
    "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "AUDIT_UNAVAILABLE", "INTERNAL",
    "DEADLINE_EXCEEDED", "UNAUTHENTICATED", "GROUP_TOO_SMALL",
})  # fmt: skip

# Answers the HTTP edge gives before any GraphQL runs, by status.
REFUSALS: Final = {
    401: "unauthenticated", 413: "body_too_large", 429: "rate_limited", 503: "unavailable",
}  # fmt: skip

SUBSCRIPTIONS: Final = frozenset({"customerUpdated", "alertRaised"})
SCORING_KINDS: Final = frozenset({"live"})

_REQUEST_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_STATEMENT_BUCKETS: Final = (
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
)  # fmt: skip


class Metrics:
    """One app's metrics, in a registry of its own (two apps in a process do not clash)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "kith_graphql_operations", "GraphQL operations by name and outcome code",
            ["operation", "outcome"], registry=r,
        )  # fmt: skip
        self.latency = Histogram(
            "kith_graphql_operation_seconds", "GraphQL operation latency by name",
            ["operation"], buckets=_REQUEST_BUCKETS, registry=r,
        )  # fmt: skip
        self.errors = Counter(
            "kith_graphql_errors", "GraphQL errors by extensions.code", ["code"], registry=r
        )
        self.statements = Counter(
            "kith_engine_statements", "Engine statements by name and outcome (ok, error)",
            ["statement", "outcome"], registry=r,
        )  # fmt: skip
        self.statement_latency = Histogram(
            "kith_engine_statement_seconds", "Engine statement latency by name",
            ["statement"], buckets=_STATEMENT_BUCKETS, registry=r,
        )  # fmt: skip
        # The engine's pool, seen from the statements: each holds one pooled connection
        # while it runs, so those in flight are the connections in use, and one that
        # starts with all of them taken waits for one (the same for either engine).
        self.pool_size = Gauge(
            "kith_engine_pool_size", "Connections the engine pool holds at most", registry=r
        )
        self.pool_in_use = Gauge(
            "kith_engine_pool_in_use", "Engine statements in flight, each holding a connection",
            registry=r,
        )  # fmt: skip
        self.pool_waits = Counter(
            "kith_engine_pool_waits", "Statements that started with every connection taken",
            registry=r,
        )  # fmt: skip
        self.audit_append = Histogram(
            "kith_audit_append_seconds", "Time to append and fsync audit events",
            buckets=_STATEMENT_BUCKETS, registry=r,
        )  # fmt: skip
        self.subscriptions = Gauge(
            "kith_subscriptions_open", "Subscriptions open now", ["subscription"], registry=r
        )
        self.refusals = Counter(
            "kith_http_refusals", "Requests refused at the edge, by reason", ["reason"], registry=r
        )
        self.loader_batches = Counter(
            "kith_dataloader_batches", "DataLoader batches by loader", ["loader"], registry=r
        )
        self.loader_keys = Counter(
            "kith_dataloader_keys", "Keys asked for in DataLoader batches", ["loader"], registry=r
        )
        self.scoring_runs = Counter(
            "kith_scoring_runs", "Scoring runs by kind", ["kind"], registry=r
        )
        self.scoring_latency = Histogram(
            "kith_scoring_seconds", "Scoring run duration by kind", ["kind"],
            buckets=_REQUEST_BUCKETS, registry=r,
        )  # fmt: skip
        self.model = Gauge(
            "kith_model_info", "The next-product model served (1 for the version loaded)",
            ["model", "version"], registry=r,
        )  # fmt: skip

    def served(self, version: str | None) -> None:
        """Note the model version loaded at start (none: nothing is exported)."""
        if version is not None:
            self.model.labels("next_product", version).set(1)


def operation_label(name: str | None, registered: frozenset[str]) -> str:
    """The label for an operation name: registered names as they are, else `other`."""
    if name is None:
        return ANONYMOUS
    return name if name in registered else OTHER


def outcome(code: str | None) -> str:
    """The label for an error code: a known code, or `other`."""
    if code is None:
        return "INTERNAL"
    return code if code in OUTCOMES else OTHER


def refusal(status: int) -> str | None:
    """The refusal reason of an HTTP status the edge answers with, or None."""
    return REFUSALS.get(status)
