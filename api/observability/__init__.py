"""How the service is watched: Prometheus metrics, OpenTelemetry traces, JSON logs."""
