"""MESSAGE commands."""

from zeebe_lite.processing.message.expire import expire_message
from zeebe_lite.processing.message.publish import publish_message

__all__ = ["expire_message", "publish_message"]
