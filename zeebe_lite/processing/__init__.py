"""Command processing: one processor per (value type, command intent), the writers they write through, and
the builders of client commands.

The stream processor (:mod:`zeebe_lite.processing.stream_processor`) and the processor table
(:mod:`zeebe_lite.processing.table`) depend on :mod:`zeebe_lite.bpmn`, which depends on this package's
context and writers; import them from their modules.
"""

from zeebe_lite.processing._protocol import CommandProcessor, ProcessorTable
from zeebe_lite.processing.commands import ActivatedJob, CommandRejectedError
from zeebe_lite.processing.context import InstanceResult, ProcessingContext
from zeebe_lite.processing.keys import KeyGenerator
from zeebe_lite.processing.writers import CommandResponse, Writers

__all__ = [
    "ActivatedJob",
    "CommandProcessor",
    "CommandRejectedError",
    "CommandResponse",
    "InstanceResult",
    "KeyGenerator",
    "ProcessingContext",
    "ProcessorTable",
    "Writers",
]
