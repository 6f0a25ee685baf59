"""Claim with a lease, record, replay, take over stale claims, expire: on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from idempotency_backends import StoreFactory

from workers.runtime.idempotency import AlreadyRecorded, Claimed, HeldElsewhere, RecordedOutcome

LONG = timedelta(minutes=5)
DONE = RecordedOutcome("completed", {"contactId": "c-1"})


async def test_first_claim_wins_and_others_see_the_holder(open_store: StoreFactory) -> None:
    store = await open_store()
    assert await store.claim("k1", owner="a", lease=LONG) == Claimed(taken_over=False)
    held = await store.claim("k1", owner="b", lease=LONG)
    assert isinstance(held, HeldElsewhere) and held.owner == "a"


async def test_recorded_outcome_is_replayed(open_store: StoreFactory) -> None:
    store = await open_store()
    await store.claim("k2", owner="a", lease=LONG)
    assert await store.record("k2", owner="a", outcome=DONE)
    assert await store.claim("k2", owner="b", lease=LONG) == AlreadyRecorded(DONE)


async def test_bpmn_error_outcome_round_trips(open_store: StoreFactory) -> None:
    store = await open_store()
    error = RecordedOutcome(
        "bpmn_error", {"why": "limit"}, error_code="PAYMENT_REJECTED", error_message="over"
    )
    await store.claim("k3", owner="a", lease=LONG)
    await store.record("k3", owner="a", outcome=error)
    assert await store.claim("k3", owner="b", lease=LONG) == AlreadyRecorded(error)


async def test_released_claim_can_be_claimed_again(open_store: StoreFactory) -> None:
    store = await open_store()
    await store.claim("k4", owner="a", lease=LONG)
    await store.release("k4", owner="a")
    assert await store.claim("k4", owner="b", lease=LONG) == Claimed(taken_over=False)


async def test_only_the_holder_can_release_or_record(open_store: StoreFactory) -> None:
    store = await open_store()
    await store.claim("k5", owner="a", lease=LONG)
    await store.release("k5", owner="intruder")
    assert not await store.record("k5", owner="intruder", outcome=DONE)
    assert isinstance(await store.claim("k5", owner="b", lease=LONG), HeldElsewhere)


async def test_stale_claim_is_taken_over_and_the_old_holder_cannot_record(open_store: StoreFactory) -> None:
    store = await open_store()
    await store.claim("k6", owner="crashed-pod", lease=timedelta(milliseconds=20))
    await asyncio.sleep(0.1)
    assert await store.claim("k6", owner="new-pod", lease=LONG) == Claimed(taken_over=True)
    assert not await store.record("k6", owner="crashed-pod", outcome=DONE)
    assert await store.record("k6", owner="new-pod", outcome=DONE)
    assert await store.claim("k6", owner="third", lease=LONG) == AlreadyRecorded(DONE)


async def test_recorded_outcomes_are_never_taken_over(open_store: StoreFactory) -> None:
    store = await open_store()
    await store.claim("k7", owner="a", lease=timedelta(milliseconds=1))
    await store.record("k7", owner="a", outcome=DONE)
    await asyncio.sleep(0.05)
    assert await store.claim("k7", owner="b", lease=LONG) == AlreadyRecorded(DONE)


async def test_purge_expires_old_outcomes_and_dead_claims_only(open_store: StoreFactory) -> None:
    store = await open_store()
    await store.claim("old-done", owner="a", lease=LONG)
    await store.record("old-done", owner="a", outcome=DONE)
    await store.claim("dead-claim", owner="a", lease=timedelta(milliseconds=1))
    await store.claim("live-claim", owner="a", lease=LONG)
    await asyncio.sleep(0.05)
    assert await store.purge(older_than=timedelta(milliseconds=10)) == 2
    assert await store.claim("old-done", owner="b", lease=LONG) == Claimed(taken_over=False)
    assert isinstance(await store.claim("live-claim", owner="b", lease=LONG), HeldElsewhere)
    assert await store.purge(older_than=timedelta(days=7)) == 0


async def test_many_concurrent_claimers_exactly_one_wins(open_store: StoreFactory) -> None:
    pods = [await open_store() for _ in range(3)]
    claims = [
        pods[index % len(pods)].claim("contended", owner=f"worker-{index}", lease=LONG) for index in range(24)
    ]
    results = await asyncio.gather(*claims)
    winners = [result for result in results if isinstance(result, Claimed)]
    assert len(winners) == 1
    holders = {result.owner for result in results if isinstance(result, HeldElsewhere)}
    assert len(holders) == 1 and len(results) - len(winners) == 23


async def test_concurrent_takeover_of_a_stale_claim_has_one_winner(open_store: StoreFactory) -> None:
    pods = [await open_store() for _ in range(3)]
    await pods[0].claim("stale", owner="crashed", lease=timedelta(milliseconds=1))
    await asyncio.sleep(0.05)
    results = await asyncio.gather(
        *(pods[index % 3].claim("stale", owner=f"w{index}", lease=LONG) for index in range(12))
    )
    assert results.count(Claimed(taken_over=True)) == 1
    assert all(isinstance(result, HeldElsewhere) for result in results if result != Claimed(taken_over=True))


async def test_ping_answers_and_leaves_the_store_usable(open_store: StoreFactory) -> None:
    store = await open_store()
    assert await store.ping() is None
    assert await store.claim("after-ping", owner="w", lease=LONG) == Claimed(taken_over=False)
