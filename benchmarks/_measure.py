"""Throughput measurement shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

__all__ = ["Throughput", "measure_throughput"]


@dataclass(frozen=True, slots=True)
class Throughput:
    """Operations per second over a measured run (best of several rounds, to shed noise from other load)."""

    name: str
    ops_per_second: float
    operations: int

    def ratio_to(self, other: Throughput) -> float:
        """This throughput as a fraction of another's."""
        return self.ops_per_second / other.ops_per_second


def measure_throughput(
    name: str,
    operation: Callable[[int], object],
    *,
    duration: timedelta = timedelta(seconds=1),
    rounds: int = 3,
) -> Throughput:
    """Call ``operation(i)`` with increasing ``i`` for ``duration``, ``rounds`` times; keep the best round."""
    best = 0.0
    total = 0
    counter = 0
    budget = duration.total_seconds()
    for _ in range(rounds):
        done = 0
        start = time.perf_counter()
        deadline = start + budget
        while True:
            for _ in range(200):
                operation(counter)
                counter += 1
            done += 200
            now = time.perf_counter()
            if now >= deadline:
                break
        best = max(best, done / (now - start))
        total += done
    return Throughput(name=name, ops_per_second=best, operations=total)
