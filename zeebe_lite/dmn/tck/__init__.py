"""The DMN TCK conformance runner: ``python -m zeebe_lite.dmn.tck PATH [PATH ...] [--json]``."""

from zeebe_lite.dmn.tck.compare import tck_equal
from zeebe_lite.dmn.tck.runner import CaseOutcome, discover_folders, run_folder, run_paths

__all__ = ["CaseOutcome", "discover_folders", "run_folder", "run_paths", "tck_equal"]
