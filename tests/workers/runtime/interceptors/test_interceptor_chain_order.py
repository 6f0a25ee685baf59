"""Interceptors compose in list order, outermost first, and can change the handler's input and result."""

from __future__ import annotations

from typing import Any

from workers.runtime import ExecuteJobInput, Interceptor, JobInterceptor
from workers.testing import JobEnvironment


class Recording(Interceptor):
    def __init__(self, name: str, trail: list[str]) -> None:
        self.name = name
        self.trail = trail

    def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
        outer = self

        class Link(JobInterceptor):
            async def execute_job(self, input: ExecuteJobInput) -> Any:
                outer.trail.append(f"{outer.name}:before")
                result = await self.next.execute_job(
                    input.with_variables({**input.variables, "path": [*input.variables["path"], outer.name]})
                )
                outer.trail.append(f"{outer.name}:after")
                return {**result, outer.name: True}

        return Link(next)


async def test_first_interceptor_is_outermost() -> None:
    trail: list[str] = []

    async def handler(path: list[str]) -> dict[str, Any]:
        trail.append("handler")
        return {"path": path}

    env = JobEnvironment(interceptors=[Recording("a", trail), Recording("b", trail)])
    outcome = await env.run(handler, "t.order", variables={"path": []})
    assert trail == ["a:before", "b:before", "handler", "b:after", "a:after"]
    assert outcome.variables == {"path": ["a", "b"], "a": True, "b": True}


async def test_empty_chain_calls_the_handler_directly() -> None:
    async def handler(x: int) -> dict[str, int]:
        return {"y": x + 1}

    outcome = await JobEnvironment(interceptors=[]).run(handler, "t.plain", variables={"x": 1})
    assert outcome.variables == {"y": 2}
