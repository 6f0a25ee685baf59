"""The fleet benchmark's arithmetic: per-round ratios against the bare round of the same round, then medians."""

from __future__ import annotations

from datetime import timedelta

from benchmarks.fleet import FleetBenchRow, _rows, table


def test_ratios_pair_each_round_with_its_own_bare_round() -> None:
    rounds = {
        "pyzeebe, bare": [(1000.0, 0.0002), (500.0, 0.0004), (1000.0, 0.0002)],
        # Half as fast as bare in the slow round too: every paired ratio is 0.95, although the medians of the
        # rates alone would give 950 / 1000.
        "fleet runtime, no store": [(950.0, 0.0003), (475.0, 0.0005), (950.0, 0.0003)],
    }
    bare, fleet = _rows(rounds)
    assert bare == FleetBenchRow("pyzeebe, bare", 1000.0, timedelta(seconds=0.0002), 1.0, (1.0, 1.0))
    assert fleet.ratio == 0.95
    assert fleet.ratio_range == (0.95, 0.95)
    assert fleet.jobs_per_second == 950.0
    assert fleet.cpu_per_job == timedelta(seconds=0.0003)


def test_median_ignores_one_disturbed_round() -> None:
    rounds = {
        "pyzeebe, bare": [(1000.0, 0.0), (1000.0, 0.0), (1000.0, 0.0)],
        "fleet runtime, no store": [(920.0, 0.0), (400.0, 0.0), (940.0, 0.0)],
    }
    fleet = _rows(rounds)[1]
    assert fleet.ratio == 0.92
    assert fleet.ratio_range == (0.4, 0.94)
    assert "| fleet runtime, no store | 920 | 0.920 | 0.40 to 0.94 | 0.90 met |" in table([*_rows(rounds)])
