"""The SQLite and in-memory record logs."""

from __future__ import annotations

from pathlib import Path

import pytest

from zeebe_lite.log import MemoryLog, RecordLog, SqliteLog
from zeebe_lite.records import JobIntent, JobRecord, Record, RecordType, ValueType


def _record(position: int) -> Record[JobRecord]:
    return Record(
        position, 100 + position, 5, ValueType.JOB, JobIntent.CREATED, RecordType.EVENT, JobRecord("t", 3)
    )


@pytest.fixture(params=["memory", "sqlite"])
def log(request: pytest.FixtureRequest, tmp_path: Path) -> RecordLog:
    if request.param == "memory":
        return MemoryLog()
    return SqliteLog(tmp_path / "log.db")


def test_append_and_read_in_order(log: RecordLog) -> None:
    assert log.last_position == 0
    assert log.next_key is None
    log.append([_record(1), _record(2)], next_key=500)
    log.append([_record(3)], next_key=501)
    assert [record.position for record in log.read()] == [1, 2, 3]
    assert [record.position for record in log.read(from_position=3)] == [3]
    assert log.last_position == 3
    assert log.next_key == 501
    assert next(iter(log.read())) == _record(1)


def test_gaps_are_refused(log: RecordLog) -> None:
    log.append([_record(1)], next_key=1)
    with pytest.raises(ValueError, match="position 2"):
        log.append([_record(3)], next_key=2)
    assert log.last_position == 1


def test_sqlite_log_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "log.db"
    first = SqliteLog(path)
    first.append([_record(position) for position in range(1, 2501)], next_key=9)
    first.close()
    second = SqliteLog(path)
    assert second.last_position == 2500
    assert second.next_key == 9
    assert sum(1 for _ in second.read()) == 2500
    second.close()
