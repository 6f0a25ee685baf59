"""Validation: check the handler's input and output against the task's pydantic models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic

from workers.runtime._classify import describe_validation_error
from workers.runtime._errors import PermanentError
from workers.runtime.interceptors._base import ExecuteJobInput, Interceptor, JobInterceptor

__all__ = ["Validation"]


def _validated_variables(model: type[pydantic.BaseModel], variables: Mapping[str, Any]) -> dict[str, Any]:
    parsed = model.model_validate(dict(variables))
    converted = dict(variables)
    for name, field in type(parsed).model_fields.items():
        variable = field.alias or name
        if variable in converted:
            converted[variable] = getattr(parsed, name)
    return converted


class _Validate(JobInterceptor):
    async def execute_job(self, input: ExecuteJobInput) -> Any:
        options = input.options
        if options.input_model is not None:
            try:
                input = input.with_variables(_validated_variables(options.input_model, input.variables))
            except pydantic.ValidationError as error:
                raise PermanentError(
                    f"Input of task {input.job.type} is invalid: {describe_validation_error(error)}. "
                    "Fix the input mappings in the model or the process data, then resolve the incident."
                ) from error
        result = await self.next.execute_job(input)
        if options.output_model is not None:
            try:
                options.output_model.model_validate(result if result is not None else {})
            except pydantic.ValidationError as error:
                raise PermanentError(
                    f"Handler of task {input.job.type} returned invalid output: "
                    f"{describe_validation_error(error)}. This is a worker bug: deploy a fix, then resolve "
                    "the incident."
                ) from error
        return result


class Validation(Interceptor):
    """Validate and coerce the variables with ``TaskOptions.input_model``; check ``output_model``."""

    def intercept_job(self, next: JobInterceptor) -> JobInterceptor:
        return _Validate(next)
