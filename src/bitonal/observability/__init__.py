"""What an operator sees: log context (request and task ids), log formats, Prometheus metrics."""
