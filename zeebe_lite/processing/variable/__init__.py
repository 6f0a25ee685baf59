"""VARIABLE_DOCUMENT commands (SetVariables)."""

from zeebe_lite.processing.variable.set_variables import set_variables

__all__ = ["set_variables"]
