"""The fleet's Prometheus metrics, in a registry of their own (no process-global state)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["FleetMetrics"]

_DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)


class FleetMetrics:
    """Counters, histogram and gauges by task type; :attr:`registry` is what ``/metrics`` exposes.

    ``fleet_jobs_in_flight / fleet_jobs_capacity`` per task type is the saturation an autoscaler should watch.
    """

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.jobs_activated = Counter(
            "fleet_jobs_activated",
            "Jobs received from the gateway (poll or stream).",
            ["task_type"],
            registry=self.registry,
        )
        self.jobs_completed = Counter(
            "fleet_jobs_completed",
            "Jobs whose handler succeeded (CompleteJob sent).",
            ["task_type"],
            registry=self.registry,
        )
        self.jobs_failed = Counter(
            "fleet_jobs_failed",
            "Jobs failed with FailJob; kind is transient (retry) or permanent (incident).",
            ["task_type", "kind"],
            registry=self.registry,
        )
        self.jobs_errored = Counter(
            "fleet_jobs_errored",
            "Jobs ended with a BPMN error (ThrowError).",
            ["task_type", "error_code"],
            registry=self.registry,
        )
        self.handler_duration = Histogram(
            "fleet_job_handler_duration_seconds",
            "Time spent in the interceptor chain and handler.",
            ["task_type"],
            buckets=_DURATION_BUCKETS,
            registry=self.registry,
        )
        self.jobs_in_flight = Gauge(
            "fleet_jobs_in_flight",
            "Jobs received and not yet finished.",
            ["task_type"],
            registry=self.registry,
        )
        self.jobs_capacity = Gauge(
            "fleet_jobs_capacity",
            "Most jobs this process runs at once.",
            ["task_type"],
            registry=self.registry,
        )
        self.idempotency_replays = Counter(
            "fleet_idempotency_replays",
            "Jobs answered from a recorded outcome instead of running again.",
            ["task_type"],
            registry=self.registry,
        )
