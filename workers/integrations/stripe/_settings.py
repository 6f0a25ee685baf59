"""Stripe connection settings (``STRIPE_BASE_URL``, ``STRIPE_API_KEY``)."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["StripeSettings"]


class StripeSettings(BaseSettings):
    """Where Stripe is (without ``/v1``) and the secret key (``sk_...`` or a restricted ``rk_...``)."""

    model_config = SettingsConfigDict(env_prefix="STRIPE_", extra="ignore")

    base_url: str = "https://api.stripe.com"
    api_key: SecretStr
