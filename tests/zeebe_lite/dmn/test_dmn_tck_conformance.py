"""DMN TCK conformance: the in-scope cases must not regress below the committed baseline.

Reads the TCK extract in place from ``$ZEEBE_LITE_CONFORMANCE/dmn-tck`` (default ``<repo>/../shared/conformance``).
Regenerate the baseline after an improvement with
``python -m zeebe_lite.dmn.tck.scope ../shared/conformance/dmn-tck --write-baseline tests/zeebe_lite/dmn/tck_baseline.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from zeebe_lite.dmn.tck.scope import read_cases_csv, run_in_scope

pytestmark = pytest.mark.conformance

REPOSITORY = Path(__file__).resolve().parents[3]
BASELINE = Path(__file__).with_name("tck_baseline.json")


def _tck_dir() -> Path:
    root = Path(os.environ.get("ZEEBE_LITE_CONFORMANCE", REPOSITORY.parent / "shared" / "conformance"))
    return root / "dmn-tck"


def test_in_scope_tck_cases_do_not_regress() -> None:
    tck_dir = _tck_dir()
    if not (tck_dir / "cases.csv").is_file():
        pytest.skip(f"DMN TCK extract not found at {tck_dir} (set ZEEBE_LITE_CONFORMANCE)")
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    cases = read_cases_csv(tck_dir / "cases.csv")
    outcomes = run_in_scope(tck_dir, cases)
    by_key = {outcome.key: outcome for outcome in outcomes}
    passing = {
        key for key, outcome in by_key.items() if outcome.passed and cases.get(key) and cases[key].in_scope
    }

    regressions = sorted(key for key in baseline["passing"] if key not in passing)
    details = [f"{key}: {by_key[key].message if key in by_key else 'not run'}" for key in regressions[:40]]
    assert not regressions, f"{len(regressions)} baseline cases now fail:\n" + "\n".join(details)
    assert len(passing) >= baseline["in_scope_passed"], (
        f"{len(passing)} in-scope cases pass, the baseline says {baseline['in_scope_passed']}"
    )
