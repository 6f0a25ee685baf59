"""Read an integration's settings from the environment, failing with a message that names what is missing."""

from __future__ import annotations

from typing import TypeVar

import pydantic
from pydantic_settings import BaseSettings

from workers import PermanentError

__all__ = ["settings_from_environment"]

S = TypeVar("S", bound=BaseSettings)


def settings_from_environment(settings_class: type[S]) -> S:
    """``settings_class()`` read from the environment.

    Raises:
        PermanentError: a variable is missing or invalid; the message names the variables, never their values.
    """
    try:
        return settings_class()
    except pydantic.ValidationError as error:
        prefix = str(settings_class.model_config.get("env_prefix", ""))
        names = sorted(
            {
                f"{prefix}{detail['loc'][0]}".upper() if detail["loc"] else settings_class.__name__
                for detail in error.errors(include_input=False, include_url=False)
            }
        )
        raise PermanentError(
            f"{settings_class.__name__} is not configured: set or fix the environment variable(s) "
            f"{', '.join(names)} of the worker, then resolve the incident."
        ) from None
