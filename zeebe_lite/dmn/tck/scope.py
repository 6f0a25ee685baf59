"""The TCK extract's ``cases.csv``: per-case Camunda 8 scope and dmn-scala 1.9.0 verdict; baselines and summaries.

``python -m zeebe_lite.dmn.tck.scope DMN_TCK_DIR [--write-baseline FILE]`` runs every folder, prints pass counts
(total, in scope, per compliance level, against dmn-scala), and optionally writes the baseline file the
conformance test enforces: ``{"in_scope_passed": N, "passing": ["folder/test_file/test_id", ...]}``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from zeebe_lite.dmn.tck.runner import CaseOutcome, run_folder

__all__ = ["ScopedCase", "baseline_payload", "read_cases_csv", "run_in_scope", "summary_lines"]


@dataclass(frozen=True, slots=True)
class ScopedCase:
    """A row of cases.csv."""

    level: str
    folder: str
    test_file: str
    test_id: str
    in_scope: bool
    dmn_scala: str

    @property
    def key(self) -> str:
        """``folder/test_file/test_id``."""
        return f"{self.folder}/{self.test_file}/{self.test_id}"


def read_cases_csv(path: Path) -> dict[str, ScopedCase]:
    """The rows of cases.csv by case key."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [
            ScopedCase(
                row["level"],
                row["folder"],
                row["test_file"],
                row["test_id"],
                row["camunda8_scope"] == "in-scope",
                row["dmn_scala_1_9_0"],
            )
            for row in csv.DictReader(handle)
        ]
    return {row.key: row for row in rows}


def run_in_scope(
    tck_dir: Path, cases: dict[str, ScopedCase], *, only_in_scope: bool = True
) -> list[CaseOutcome]:
    """Run the folders of the extract (only those with in-scope cases when ``only_in_scope``)."""
    folders = sorted(
        {(case.level, case.folder) for case in cases.values() if case.in_scope or not only_in_scope}
    )
    outcomes: list[CaseOutcome] = []
    for level, folder in folders:
        outcomes.extend(run_folder(tck_dir / level / folder))
    return outcomes


def baseline_payload(outcomes: Iterable[CaseOutcome], cases: dict[str, ScopedCase]) -> dict[str, object]:
    """The baseline file content: the passing in-scope cases."""
    passing = sorted(o.key for o in outcomes if o.passed and o.key in cases and cases[o.key].in_scope)
    return {"in_scope_passed": len(passing), "passing": passing}


def summary_lines(outcomes: Sequence[CaseOutcome], cases: dict[str, ScopedCase]) -> list[str]:
    """Pass counts: total, in scope, per level, and against dmn-scala's verdicts."""
    lines: list[str] = []

    def count(selected: list[CaseOutcome], label: str) -> None:
        passed = sum(o.passed for o in selected)
        lines.append(f"{label}: {passed}/{len(selected)} passed")

    count(list(outcomes), "all cases run")
    in_scope = [o for o in outcomes if o.key in cases and cases[o.key].in_scope]
    count(in_scope, "in scope")
    for level in sorted({o.level for o in outcomes}):
        count([o for o in outcomes if o.level == level], f"{level} (all)")
        count([o for o in in_scope if o.level == level], f"{level} (in scope)")
    for verdict in ("SUCCESS", "IGNORED", "NO_BASELINE"):
        count([o for o in in_scope if cases[o.key].dmn_scala == verdict], f"in scope, dmn-scala {verdict}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the extract and print the summary; optionally write the baseline file."""
    parser = argparse.ArgumentParser(prog="python -m zeebe_lite.dmn.tck.scope", description=__doc__)
    parser.add_argument("tck_dir", type=Path, help="the dmn-tck extract (holding cases.csv)")
    parser.add_argument("--write-baseline", type=Path, default=None)
    parser.add_argument("--all", action="store_true", help="also run folders without in-scope cases")
    arguments = parser.parse_args(argv)
    cases = read_cases_csv(arguments.tck_dir / "cases.csv")
    outcomes = run_in_scope(arguments.tck_dir, cases, only_in_scope=not arguments.all)
    print("\n".join(summary_lines(outcomes, cases)))
    if arguments.write_baseline is not None:
        payload = baseline_payload(outcomes, cases)
        arguments.write_baseline.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"baseline written: {payload['in_scope_passed']} passing in-scope cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
