"""The benchmarks package is not installed (pyproject packages only the runtime): import it from the repository."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("benchmarks") is None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
