"""The due-time index behind timers, job deadlines, back-offs and message expiry."""

from __future__ import annotations

from zeebe_lite.state.due_index import DueIndex


def test_due_keys_in_time_order_ignoring_removed_and_rescheduled() -> None:
    index = DueIndex()
    for key, due in [(1, 50), (2, 10), (3, 30), (4, 100), (5, 5)]:
        index.put(key, due)
    index.remove(3)
    index.put(2, 60)
    assert index.due(55) == [5, 1]
    assert index.next_due() == 5
    assert index.due(1000) == [5, 1, 2, 4]
    assert index.due(1000, limit=2) == [5, 1]
    assert 3 not in index
    assert len(index) == 4


def test_key_removed_and_put_back_at_the_same_time_is_due_once() -> None:
    index = DueIndex()
    index.put(1, 50)
    index.remove(1)
    index.put(1, 50)
    index.put(1, 50)
    assert index.due(100) == [1]
    assert len(index) == 1


def test_empty_index() -> None:
    index = DueIndex()
    assert index.due(10**12) == []
    assert index.next_due() is None
