"""The wrapped handler still tells pyzeebe which variables to fetch and where to inject the Job.

This module deliberately has no ``from __future__ import annotations``: the annotations are real classes.
"""

import inspect
from typing import Any

from pyzeebe import Job
from pyzeebe.function_tools.parameter_tools import get_job_parameter_name, get_parameters_from_function

from workers.runtime import build_chain, inspect_handler, wrap_handler
from workers.testing import JobEnvironment


async def handler(orderId: str, amount: int, job: Job) -> dict[str, Any]:
    return {"orderId": orderId, "amount": amount, "jobType": job.type}


def test_wrapper_signature_exposes_variables_and_the_job_parameter() -> None:
    wrapped = wrap_handler(handler, build_chain([]))
    assert get_parameters_from_function(wrapped) == ["orderId", "amount"]
    assert get_job_parameter_name(wrapped) == "job"
    assert inspect.iscoroutinefunction(wrapped)
    assert wrapped.__name__ == "handler"


def test_handler_without_job_parameter_gets_an_injected_one() -> None:
    async def plain(email: str) -> None:
        return None

    wrapped = wrap_handler(plain, build_chain([]))
    assert get_job_parameter_name(wrapped) == "fleet_job"
    assert get_parameters_from_function(wrapped) == ["email"]


def test_injected_name_avoids_a_variable_called_fleet_job() -> None:
    async def odd(fleet_job: str) -> None:
        return None

    shape = inspect_handler(odd)
    assert shape.injected_name == "_fleet_job"
    assert shape.variables_to_fetch(idempotent=False) == ["fleet_job"]


def test_variables_to_fetch_adds_the_idempotency_key_variable() -> None:
    shape = inspect_handler(handler)
    assert shape.variables_to_fetch(idempotent=True) == ["orderId", "amount", "idempotencyKey"]
    assert shape.variables_to_fetch(idempotent=False) == ["orderId", "amount"]


async def test_real_annotations_run_end_to_end() -> None:
    outcome = await JobEnvironment().run(handler, "shop.charge", variables={"orderId": "o-1", "amount": 3})
    assert outcome.variables == {"orderId": "o-1", "amount": 3, "jobType": "shop.charge"}
