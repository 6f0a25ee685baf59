"""PROCESS_INSTANCE_CREATION and PROCESS_INSTANCE CANCEL commands."""

from zeebe_lite.processing.process_instance.cancel import cancel_process_instance
from zeebe_lite.processing.process_instance.create import create_process_instance

__all__ = ["cancel_process_instance", "create_process_instance"]
