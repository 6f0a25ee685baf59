"""OpenAI Chat Completions with structured output: payment analysis, ticket categorisation; worker group ``ai``."""

from workers.integrations.openai._client import (
    INSUFFICIENT_QUOTA,
    ChatMessage,
    OpenAIClient,
    StructuredAnswer,
    read_openai_error,
)
from workers.integrations.openai._settings import OpenAISettings
from workers.integrations.openai._tasks import AI_REFUSED, openai, openai_clients

__all__ = [
    "AI_REFUSED",
    "INSUFFICIENT_QUOTA",
    "ChatMessage",
    "OpenAIClient",
    "OpenAISettings",
    "StructuredAnswer",
    "openai",
    "openai_clients",
    "read_openai_error",
]
