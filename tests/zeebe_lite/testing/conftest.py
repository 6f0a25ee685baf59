"""The zeebe_lite.testing fixtures, as a project would enable them."""

from __future__ import annotations

from zeebe_lite.testing.pytest_plugin import zeebe_client, zeebe_test_env

__all__ = ["zeebe_client", "zeebe_test_env"]
