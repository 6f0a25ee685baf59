"""DEPLOYMENT commands."""

from zeebe_lite.processing.deployment.create import create_deployment

__all__ = ["create_deployment"]
