"""Validation: pydantic input models coerce variables; invalid input or output raises an incident."""

from __future__ import annotations

import pydantic

from workers import task_options
from workers.testing import JobEnvironment


class Lead(pydantic.BaseModel):
    email: str
    leadScore: int = pydantic.Field(ge=0, le=100)


async def test_input_model_coerces_variables() -> None:
    seen: list[object] = []

    @task_options(input_model=Lead)
    async def score(email: str, leadScore: int) -> dict[str, object]:
        seen.append(leadScore)
        return {"ok": True}

    outcome = await JobEnvironment().run(
        score, "crm.score", variables={"email": "a@b.test", "leadScore": "42"}
    )
    assert outcome.kind == "completed"
    assert seen == [42]


async def test_invalid_input_is_an_incident_naming_the_field() -> None:
    @task_options(input_model=Lead)
    async def score(email: str, leadScore: int) -> None:
        raise AssertionError("must not run")

    outcome = await JobEnvironment().run(
        score, "crm.score", variables={"email": "a@b.test", "leadScore": 900}
    )
    assert outcome.is_incident
    assert outcome.message is not None and "leadScore" in outcome.message and "900" not in outcome.message


class Created(pydantic.BaseModel):
    contactId: str


async def test_invalid_output_is_an_incident() -> None:
    @task_options(output_model=Created)
    async def create() -> dict[str, object]:
        return {"contactID": "wrong key"}

    outcome = await JobEnvironment().run(create, "crm.create")
    assert outcome.is_incident
    assert outcome.message is not None and "contactId" in outcome.message and "bug" in outcome.message
