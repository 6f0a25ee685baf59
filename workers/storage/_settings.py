"""Where the document store lives: ``FLEET_DOCUMENTS_DIR``, by default inside the git-ignored ``.data/``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["DEFAULT_DOCUMENTS_DIR", "DOCUMENTS_DIR_VARIABLE", "documents_dir_from_environment"]

DOCUMENTS_DIR_VARIABLE = "FLEET_DOCUMENTS_DIR"
DEFAULT_DOCUMENTS_DIR = Path(".data") / "documents"


def documents_dir_from_environment(environment: Mapping[str, str] | None = None) -> Path:
    """``FLEET_DOCUMENTS_DIR`` when set and not blank, else ``.data/documents`` (relative to the working dir)."""
    values = os.environ if environment is None else environment
    configured = values.get(DOCUMENTS_DIR_VARIABLE, "").strip()
    return Path(configured) if configured else DEFAULT_DOCUMENTS_DIR
