"""Webhook ingress: verified provider events become Zeebe messages (``fleet ingress``)."""

from workers.ingress._app import create_app
from workers.ingress._problems import Rejection
from workers.ingress._publisher import EventMessage, MessagePublisher, PublishResult, ZeebeMessagePublisher
from workers.ingress._serve import serve_ingress
from workers.ingress._settings import IngressSettings, IngressSettingsError, load_ingress_settings

__all__ = [
    "EventMessage",
    "IngressSettings",
    "IngressSettingsError",
    "MessagePublisher",
    "PublishResult",
    "Rejection",
    "ZeebeMessagePublisher",
    "create_app",
    "load_ingress_settings",
    "serve_ingress",
]
