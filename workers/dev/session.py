"""What a running ``fleet dev`` tells ``fleet demo``: addresses and the webhook secrets, in ``<data>/dev-session.json``.

The file lives in the git-ignored data folder, readable by its owner only; it exists while ``fleet dev`` runs.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["SESSION_FILE_NAME", "DevSession", "read_session", "write_session"]

SESSION_FILE_NAME = "dev-session.json"


@dataclasses.dataclass(frozen=True)
class DevSession:
    """Addresses of a running dev stack and the secrets its ingress checks."""

    ingress_url: str
    rest_url: str
    """REST API v2 base, ending in ``/v2``."""
    grpc_address: str
    emulators: dict[str, str]
    """Emulator name -> origin (``http://127.0.0.1:<port>``, where ``/__sandbox/...`` lives)."""
    base_urls: dict[str, str]
    """Emulator name -> base URL its API clients use."""
    secrets: dict[str, str]
    """Ingress secrets by environment variable name (``MANYCHAT_WEBHOOK_SECRET``, ...) plus API keys the demo uses
    as a user of the tools (``STRIPE_API_KEY``, ``HUBSPOT_TOKEN``)."""

    def to_json(self) -> dict[str, Any]:
        """The session as a JSON object."""
        return dataclasses.asdict(self)


def write_session(data_dir: Path, session: DevSession) -> Path:
    """Write the session file (mode 600); its path."""
    path = data_dir / SESSION_FILE_NAME
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(session.to_json(), file, indent=2)
    return path


def read_session(data_dir: Path) -> DevSession:
    """Read the session file of the ``fleet dev`` running on ``data_dir``.

    Raises:
        FileNotFoundError: no ``fleet dev`` runs there.
    """
    document = json.loads((data_dir / SESSION_FILE_NAME).read_text(encoding="utf-8"))
    return DevSession(
        ingress_url=str(document["ingress_url"]),
        rest_url=str(document["rest_url"]),
        grpc_address=str(document["grpc_address"]),
        emulators={str(key): str(value) for key, value in document["emulators"].items()},
        base_urls={str(key): str(value) for key, value in document["base_urls"].items()},
        secrets={str(key): str(value) for key, value in document["secrets"].items()},
    )
