"""The idempotency store contract shared by the SQLite and PostgreSQL backends."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

__all__ = [
    "AlreadyRecorded",
    "ClaimResult",
    "Claimed",
    "HeldElsewhere",
    "IdempotencyStore",
    "RecordedOutcome",
]


@dataclass(frozen=True)
class RecordedOutcome:
    """The result of a side effect, replayed when the same job (or key) comes again."""

    kind: Literal["completed", "bpmn_error"]
    value: Any = None
    error_code: str = ""
    error_message: str = ""

    def to_document(self) -> dict[str, Any]:
        """The JSON document stored for this outcome."""
        return {
            "kind": self.kind,
            "value": self.value,
            "errorCode": self.error_code,
            "errorMessage": self.error_message,
        }

    def to_json(self) -> str:
        """Serialise for storage."""
        return json.dumps(self.to_document())

    @classmethod
    def from_json(cls, text: str | bytes) -> RecordedOutcome:
        """Read back what :meth:`to_json` wrote."""
        return cls.from_document(json.loads(text))

    @classmethod
    def from_document(cls, data: dict[str, Any]) -> RecordedOutcome:
        """Read back what :meth:`to_document` gave."""
        kind = data["kind"]
        if kind not in ("completed", "bpmn_error"):
            raise ValueError(f"unknown recorded outcome kind {kind!r}")
        return cls(
            kind=kind,
            value=data.get("value"),
            error_code=data.get("errorCode", ""),
            error_message=data.get("errorMessage", ""),
        )


@dataclass(frozen=True)
class Claimed:
    """The caller holds the key now and must record or release it; ``taken_over`` if a stale lease was broken."""

    taken_over: bool


@dataclass(frozen=True)
class AlreadyRecorded:
    """The side effect already happened; replay ``outcome``."""

    outcome: RecordedOutcome


@dataclass(frozen=True)
class HeldElsewhere:
    """Another worker holds a live lease on the key until ``lease_until``."""

    owner: str
    lease_until: datetime


ClaimResult = Claimed | AlreadyRecorded | HeldElsewhere


class IdempotencyStore(Protocol):
    """Claim-with-lease, record, replay. Backends must be safe across processes and hosts."""

    async def claim(self, key: str, *, owner: str, lease: timedelta) -> ClaimResult:
        """Claim ``key`` for ``owner`` for ``lease``, taking over a claim whose lease has expired."""
        ...

    async def record(self, key: str, *, owner: str, outcome: RecordedOutcome) -> bool:
        """Store the outcome if ``owner`` still holds the claim; return whether it did."""
        ...

    async def release(self, key: str, *, owner: str) -> None:
        """Drop ``owner``'s claim without an outcome (the side effect failed and may be retried)."""
        ...

    async def purge(self, *, older_than: timedelta) -> int:
        """Delete outcomes recorded and claims expired more than ``older_than`` ago; return how many."""
        ...

    async def ping(self) -> None:
        """Raise if the store cannot be reached."""
        ...

    async def close(self) -> None:
        """Release connections."""
        ...
