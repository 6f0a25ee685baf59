"""Command line: ``python -m zeebe_lite.dmn.tck PATH [PATH ...] [--json]``.

Without ``--json`` prints one line per folder (passed/total) and a total line; with ``--json`` prints exactly
one JSON object ``{"passed": N, "failed": N, "cases": [{folder, test_file, test_id, passed, message}, ...]}``.
Exit status 0 when every case passed, 1 otherwise, 2 for bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from zeebe_lite.dmn.tck.runner import CaseOutcome, run_paths


def main(argv: Sequence[str] | None = None) -> int:
    """Run the TCK folders named on the command line and report."""
    parser = argparse.ArgumentParser(prog="python -m zeebe_lite.dmn.tck", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path, help="a TCK folder or a directory of them")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--failures", action="store_true", help="also print each failed case (text mode)")
    arguments = parser.parse_args(argv)
    missing = [str(path) for path in arguments.paths if not path.exists()]
    if missing:
        parser.error(f"no such path: {', '.join(missing)}")
    outcomes = list(run_paths(arguments.paths))
    passed = sum(outcome.passed for outcome in outcomes)
    failed = len(outcomes) - passed
    if arguments.json:
        payload = {"passed": passed, "failed": failed, "cases": [outcome.as_json() for outcome in outcomes]}
        sys.stdout.write(json.dumps(payload) + "\n")
    else:
        _print_text(outcomes, show_failures=arguments.failures)
    return 0 if failed == 0 else 1


def _print_text(outcomes: list[CaseOutcome], *, show_failures: bool) -> None:
    folders: dict[tuple[str, str], list[CaseOutcome]] = {}
    for outcome in outcomes:
        folders.setdefault((outcome.level, outcome.folder), []).append(outcome)
    for (level, folder), cases in folders.items():
        passed = sum(case.passed for case in cases)
        print(f"{level}/{folder}: {passed}/{len(cases)} passed")
        if show_failures:
            for case in cases:
                if not case.passed:
                    print(f"    FAIL {case.test_file} #{case.test_id}: {case.message}")
    total_passed = sum(outcome.passed for outcome in outcomes)
    print(f"TOTAL: {total_passed}/{len(outcomes)} passed, {len(outcomes) - total_passed} failed")


if __name__ == "__main__":
    sys.exit(main())
