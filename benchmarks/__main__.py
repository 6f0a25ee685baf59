"""``python -m benchmarks [--only feel|engine|fleet] [--seconds S] [--engine-seconds S] [--no-readme]``.

Runs the benchmarks (all by default) and records each one's table in its own marked README section.
"""

from __future__ import annotations

import argparse
import os
import platform
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import engine, feel_dmn, fleet
from benchmarks._readme import replace_section

README = Path(__file__).resolve().parent.parent / "README.md"
BENCHMARKS = ("feel", "engine", "fleet")


def _machine() -> str:
    return (
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {os.cpu_count()} cores, Python {platform.python_version()}"
    )


def feel_table(duration: timedelta) -> str:
    """The FEEL/DMN table (best of 3 rounds of ``duration`` each)."""
    lines = [
        f"{_machine()} (`make bench`; best of 3 rounds of {duration.total_seconds():g} s).",
        "",
        "| benchmark | ops/s | target | ceiling (same test in plain Python) | ops/s | ratio |",
        "| --- | ---: | ---: | --- | ---: | ---: |",
    ]
    for measured, ceiling in feel_dmn.run(duration):
        target = feel_dmn.TARGETS.get(measured.name)
        verdict = (
            ""
            if target is None
            else f"{target:,.0f} {'met' if measured.ops_per_second >= target else 'MISSED'}"
        )
        lines.append(
            f"| {measured.name} | {measured.ops_per_second:,.0f} | {verdict} | {ceiling.name} | "
            f"{ceiling.ops_per_second:,.0f} | {measured.ratio_to(ceiling):.3f} |"
        )
    return "\n".join(lines)


def engine_table(duration: timedelta) -> str:
    """The end-to-end engine table with its no-op gRPC ceiling."""
    measured, ceiling = engine.run(duration)
    return f"{_machine()} (`make bench`).\n\n{engine.table(measured, ceiling, duration)}"


def fleet_table() -> str:
    """The fleet runtime's overhead over bare pyzeebe, with and without an idempotency store."""
    return f"{_machine()} (`make bench`).\n\n{fleet.table(fleet.run())}"


def main() -> None:
    """Run the selected benchmarks, print their tables and (by default) write them into the README."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", choices=BENCHMARKS, help="run one benchmark (default: all)")
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one FEEL/DMN measuring round")
    parser.add_argument(
        "--engine-seconds", type=float, default=10.0, help="measuring window of the engine benchmark"
    )
    parser.add_argument("--no-readme", action="store_true", help="print only; leave README.md alone")
    args = parser.parse_args()
    selected = BENCHMARKS if args.only is None else (args.only,)

    if "feel" in selected:
        table = feel_table(timedelta(seconds=args.seconds))
        print("FEEL and DMN\n\n" + table + "\n")
        if not args.no_readme:
            replace_section(README, "bench", "### FEEL and DMN\n\n" + table)
    if "engine" in selected:
        table = engine_table(timedelta(seconds=args.engine_seconds))
        print("Engine, end to end over gRPC\n\n" + table + "\n")
        if not args.no_readme:
            replace_section(README, "bench-engine", "### Engine, end to end over gRPC\n\n" + table)

    if "fleet" in selected:
        table = fleet_table()
        print("Fleet runtime against bare pyzeebe\n\n" + table + "\n")
        if not args.no_readme:
            replace_section(README, "bench-fleet", "### Fleet runtime against bare pyzeebe\n\n" + table)


if __name__ == "__main__":
    main()
