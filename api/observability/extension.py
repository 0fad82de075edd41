"""Each GraphQL operation counted, timed and traced; subscriptions and scoring runs too."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graphql import ExecutionResult as GraphQLResult
from graphql import GraphQLError
from opentelemetry import trace
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

from api.observability.logs import correlation_var, operation_var
from api.observability.metrics import WORKSPACE_OPERATIONS, operation_label, outcome
from api.observability.tracing import CORRELATION, Observability


class Observed(SchemaExtension):
    """Count, time and trace the operation; first in the list, so it sees the final result
    (error codes given, refusals made) as it leaves."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        observability: Observability | None = getattr(context, "observability", None)
        correlation = getattr(context, "correlation_id", "-")
        correlation_var.set(correlation)
        if observability is None:
            yield
            return
        started = time.perf_counter()
        if observability.provider is None:  # metrics only: no spans, not even no-op ones
            try:
                yield
            finally:
                self._count(observability, self._name(observability), time.perf_counter() - started)
            return
        trace.get_current_span().set_attribute(CORRELATION, correlation)  # the HTTP request's
        with observability.tracer.start_as_current_span(
            "graphql.operation", attributes={CORRELATION: correlation}
        ) as span:
            try:
                yield
            finally:
                name = self._name(observability)
                span.update_name(f"graphql {name}")
                span.set_attribute("graphql.operation.name", name)
                self._count(observability, name, time.perf_counter() - started)

    def on_execute(self) -> Iterator[None]:
        observability = getattr(self.execution_context.context, "observability", None)
        operation_var.set(self._name(observability))  # for the log lines that follow
        yield

    def _name(self, observability: Observability | None) -> str:
        name = self.execution_context.operation_name
        if observability is None:
            return operation_label(name, WORKSPACE_OPERATIONS)
        return observability.operation(name)

    def _count(self, observability: Observability, name: str, seconds: float) -> None:
        metrics = observability.metrics
        result = self.execution_context.result
        if metrics is None or not isinstance(result, ExecutionResult | GraphQLResult):
            return  # a subscription's stream: counted while open (open_subscription)
        codes = [_code(error) for error in result.errors or ()]
        for code in codes:
            metrics.errors.labels(code).inc()
        metrics.requests.labels(name, codes[0] if codes else "OK").inc()
        metrics.latency.labels(name).observe(seconds)


def _code(error: GraphQLError) -> str:
    code = (error.extensions or {}).get("code")
    return outcome(code if isinstance(code, str) else None)


@contextmanager
def open_subscription(context: Any, name: str) -> Iterator[None]:
    """Count a subscription as open while its stream runs."""
    observability: Observability | None = getattr(context, "observability", None)
    metrics = observability.metrics if observability else None
    if metrics is None:
        yield
        return
    gauge = metrics.subscriptions.labels(name)
    gauge.inc()
    try:
        yield
    finally:
        gauge.dec()


@contextmanager
def scoring_run(context: Any, kind: str) -> Iterator[None]:
    """Count and time one scoring run, traced as a span."""
    observability: Observability | None = getattr(context, "observability", None)
    if observability is None:
        yield
        return
    with observability.tracer.start_as_current_span(f"scoring.{kind}"):
        started = time.perf_counter()
        yield
        if observability.metrics is not None:
            observability.metrics.scoring_runs.labels(kind).inc()
            observability.metrics.scoring_latency.labels(kind).observe(
                time.perf_counter() - started
            )
