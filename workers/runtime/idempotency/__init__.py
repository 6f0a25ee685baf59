"""Idempotency store: every side effect is claimed under a stable key, recorded, and replayed on redelivery."""

from workers.runtime.idempotency._keys import IDEMPOTENCY_KEY_VARIABLE, idempotency_key_for
from workers.runtime.idempotency._open import open_idempotency_store
from workers.runtime.idempotency._store import (
    AlreadyRecorded,
    Claimed,
    ClaimResult,
    HeldElsewhere,
    IdempotencyStore,
    RecordedOutcome,
)
from workers.runtime.idempotency.postgres import PostgresIdempotencyStore
from workers.runtime.idempotency.sqlite import SqliteIdempotencyStore

__all__ = [
    "IDEMPOTENCY_KEY_VARIABLE",
    "AlreadyRecorded",
    "ClaimResult",
    "Claimed",
    "HeldElsewhere",
    "IdempotencyStore",
    "PostgresIdempotencyStore",
    "RecordedOutcome",
    "SqliteIdempotencyStore",
    "idempotency_key_for",
    "open_idempotency_store",
]
