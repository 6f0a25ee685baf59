"""The append-only record log: durable (SQLite) and in-memory implementations."""

from zeebe_lite.log._protocol import PreparedBatch, RecordLog, Snapshot, SnapshotStore
from zeebe_lite.log.memory import MemoryLog
from zeebe_lite.log.sqlite import SqliteLog

__all__ = ["MemoryLog", "PreparedBatch", "RecordLog", "Snapshot", "SnapshotStore", "SqliteLog"]
