"""One app's observability: its metrics and its tracer, built at the entry point."""

from dataclasses import dataclass, field
from typing import Final

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import NoOpTracer, Tracer

from api.observability.metrics import WORKSPACE_OPERATIONS, Metrics, operation_label
from api.observability.settings import ObservabilitySettings

SERVICE: Final = "kith"
CORRELATION: Final = "kith.correlation_id"  # the span attribute errors and logs share


@dataclass
class Observability:
    """Metrics (None: off) and the tracer provider (None: no spans are made)."""

    metrics: Metrics | None = None
    provider: TracerProvider | None = None
    token_sha256: str | None = None  # what /metrics asks of a scraper; None: not served
    operations: frozenset[str] = WORKSPACE_OPERATIONS  # counted by name; others as `other`
    tracer: Tracer = field(init=False)

    def __post_init__(self) -> None:
        self.tracer = self.provider.get_tracer("kith") if self.provider else NoOpTracer()

    @classmethod
    def from_settings(cls, settings: ObservabilitySettings) -> "Observability":
        """Metrics as configured; traces exported over OTLP when an endpoint is set."""
        metrics = Metrics() if settings.metrics else None
        provider = None
        if settings.otlp_endpoint:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            endpoint = settings.otlp_endpoint.rstrip("/") + "/v1/traces"
            provider = traced(settings.trace_sample_ratio)
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
        operations = WORKSPACE_OPERATIONS | frozenset(settings.metrics_operations)
        return cls(metrics, provider, settings.metrics_token_sha256, operations)

    @property
    def active(self) -> bool:
        """Whether anything is measured or traced at all."""
        return self.metrics is not None or self.provider is not None

    def operation(self, name: str | None) -> str:
        """An operation's name as metrics, spans and logs show it (bounded: see metrics)."""
        return operation_label(name, self.operations)

    def shutdown(self) -> None:
        """Flush spans still queued for export."""
        if self.provider is not None:
            self.provider.shutdown()


def traced(ratio: float = 1.0) -> TracerProvider:
    """A tracer provider naming this service, tracing `ratio` of the requests that come
    without a sampling decision; span processors are added by the caller."""
    sampler = ParentBased(TraceIdRatioBased(ratio))
    return TracerProvider(resource=Resource.create({"service.name": SERVICE}), sampler=sampler)
