"""``python -m benchmarks [--seconds S] [--no-readme]``: run every benchmark and record the figures."""

from __future__ import annotations

import argparse
import os
import platform
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import feel_dmn
from benchmarks._readme import replace_section

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    """Run the benchmarks, print a table and (by default) write it into the README."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one measuring round")
    parser.add_argument("--no-readme", action="store_true", help="print only; leave README.md alone")
    args = parser.parse_args()
    duration = timedelta(seconds=args.seconds)

    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {os.cpu_count()} cores, Python {platform.python_version()} "
        f"(`make bench`; best of 3 rounds of {args.seconds:g} s).",
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
    table = "\n".join(lines)
    print(table)
    if not args.no_readme:
        replace_section(README, "bench", "### FEEL and DMN\n\n" + table)


if __name__ == "__main__":
    main()
