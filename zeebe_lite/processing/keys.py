"""Key generation in Zeebe's format (partition id in the upper bits)."""

from __future__ import annotations

__all__ = ["PARTITION_ID", "KeyGenerator", "first_key"]

PARTITION_ID = 1
"""zeebe_lite runs a single partition."""

_PARTITION_BITS = 51


def first_key(partition_id: int = PARTITION_ID) -> int:
    """The first key of a partition, as Zeebe encodes it: ``(partition << 51) + 1``."""
    return (partition_id << _PARTITION_BITS) + 1


class KeyGenerator:
    """Hands out increasing unique keys; its next value is stored with each committed log batch."""

    def __init__(self, next_key: int | None = None) -> None:
        """Continue from ``next_key`` (a fresh partition starts at :func:`first_key`)."""
        self._next = first_key() if next_key is None else next_key

    def next_key(self) -> int:
        """A new key."""
        key = self._next
        self._next = key + 1
        return key

    @property
    def peek(self) -> int:
        """The key the next call will return."""
        return self._next
