"""Integrations that ``fleet run`` child processes load in the e2e tests (``--integrations fleet_e2e_integrations:...``).

The "external call" goes to the test's HTTP server named by ``E2E_EFFECT_URL`` with the job's idempotency key.
"""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta

import httpx

from workers.runtime import Integration, current_job_context

slow = Integration("e2e-slow", group="e2e")
crash = Integration("e2e-crash", group="e2e")


async def _external_call(label: str) -> str:
    context = current_job_context()
    assert context is not None
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(
            os.environ["E2E_EFFECT_URL"] + "/" + label,
            headers={"Idempotency-Key": context.idempotency_key, "X-Worker-Pid": str(os.getpid())},
        )
    response.raise_for_status()
    effect_id: str = response.json()["effectId"]
    return effect_id


@slow.task("e2e.slow", timeout=timedelta(seconds=4), deadline_margin=timedelta(milliseconds=100))
async def slow_work(seconds: float) -> dict[str, object]:
    """Announce the start, work for ``seconds`` (0 when ``E2E_FAST`` is set), then report."""
    await _external_call("start")
    if not os.environ.get("E2E_FAST"):
        await asyncio.sleep(seconds)
    return {"sleptBy": os.getpid()}


@crash.task("e2e.crash-effect", timeout=timedelta(seconds=2), deadline_margin=timedelta(milliseconds=100))
async def crash_effect(n: int) -> dict[str, object]:
    """The external call, then a little local bookkeeping (the window a SIGKILL lands in), then the result."""
    effect_id = await _external_call("effect")
    await asyncio.sleep(0.05)
    return {"effectId": effect_id, "n": n}


SLOW = (slow,)
CRASH = (crash,)
