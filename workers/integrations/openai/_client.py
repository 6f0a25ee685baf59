"""OpenAI Chat Completions client with structured output (``response_format`` ``json_schema``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field

from workers import TransientError
from workers.integrations._http import (
    DEFAULT_LIMITS,
    ApiClient,
    ApiConfig,
    BearerAuth,
    ErrorDetail,
    Replay,
    Tuning,
    json_or_none,
    read_generic_error,
)
from workers.integrations.openai._settings import OpenAISettings

__all__ = [
    "INSUFFICIENT_QUOTA",
    "ChatMessage",
    "OpenAIClient",
    "StructuredAnswer",
    "read_openai_error",
]

INSUFFICIENT_QUOTA = "insufficient_quota"
_RESET_HEADERS = ("x-ratelimit-reset-requests", "x-ratelimit-reset-tokens")
_TIMEOUT = httpx.Timeout(connect=5.0, read=120.0, write=30.0, pool=5.0)


class ChatMessage(BaseModel):
    """One message of the conversation."""

    role: Literal["system", "user", "assistant", "developer"]
    content: str


class _Message(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | None = None
    refusal: str | None = None


class _Choice(BaseModel):
    model_config = ConfigDict(extra="allow")

    index: int = 0
    message: _Message
    finish_reason: str | None = None


class _Usage(BaseModel):
    model_config = ConfigDict(extra="allow")

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class _Completion(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    model: str
    choices: list[_Choice] = Field(min_length=1)
    usage: _Usage = Field(default_factory=_Usage)


class StructuredAnswer(BaseModel):
    """The model's JSON answer (``None`` with ``refusal`` set when it declined)."""

    content: dict[str, Any] | None
    refusal: str | None
    model: str
    completion_id: str
    total_tokens: int


def read_openai_error(response: httpx.Response) -> ErrorDetail:
    """``{"error":{"message","type","param","code"}}``; quota exhaustion is final, rate limits are not.

    A 429 with ``insufficient_quota`` means the account has no credit left: no retry helps. ``x-should-retry``
    (as the official SDK obeys it) decides when present.
    """
    body = json_or_none(response)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return read_generic_error(response)
    code = error.get("code") or error.get("type")
    retryable: bool | None = None
    if INSUFFICIENT_QUOTA in (error.get("code"), error.get("type")):
        code, retryable = INSUFFICIENT_QUOTA, False
    else:
        should_retry = response.headers.get("x-should-retry")
        if should_retry in ("true", "false"):
            retryable = should_retry == "true"
    return ErrorDetail(
        message=str(error.get("message") or response.reason_phrase),
        code=str(code) if code else None,
        retryable=retryable,
    )


class OpenAIClient:
    """Chat Completions; requests carry no side effect besides their cost, so failures are retried."""

    def __init__(
        self,
        settings: OpenAISettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.model = settings.model
        self.api = ApiClient(
            ApiConfig(
                api="OpenAI",
                base_url=settings.base_url,
                auth=BearerAuth(settings.api_key),
                secrets=(settings.api_key.get_secret_value(),),
                read_error=read_openai_error,
                timeout=_TIMEOUT,
                limits=DEFAULT_LIMITS,
                reset_headers=_RESET_HEADERS,
                max_in_process_wait=timedelta(seconds=20),
            ),
            transport=transport,
            tuning=tuning,
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.api.aclose()

    async def complete_json(
        self,
        messages: Sequence[ChatMessage],
        *,
        schema_name: str,
        schema: Mapping[str, Any],
        max_completion_tokens: int = 1000,
        temperature: float | None = 0.0,
    ) -> StructuredAnswer:
        """Ask for an answer that follows ``schema`` (strict structured output) and return it parsed.

        Raises:
            TransientError: the answer was cut off or is not JSON (a new attempt may do better).
        """
        operation = "chat.completions"
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [message.model_dump() for message in messages],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": dict(schema), "strict": True},
            },
            "max_completion_tokens": max_completion_tokens,
        }
        if temperature is not None:
            body["temperature"] = temperature
        response = await self.api.request(
            operation, "POST", "/chat/completions", replay=Replay.SAFE, json=body
        )
        completion = self.api.parse(operation, response, _Completion)
        choice = completion.choices[0]
        answer = StructuredAnswer(
            content=None,
            refusal=None,
            model=completion.model,
            completion_id=completion.id,
            total_tokens=completion.usage.total_tokens,
        )
        if choice.message.refusal:
            return answer.model_copy(update={"refusal": choice.message.refusal})
        if choice.finish_reason == "length":
            raise TransientError(
                f"OpenAI {operation}: the answer was cut off at {max_completion_tokens} tokens"
            )
        try:
            content = json.loads(choice.message.content or "")
        except ValueError:
            raise TransientError(f"OpenAI {operation}: the answer is not JSON") from None
        if not isinstance(content, dict):
            raise TransientError(f"OpenAI {operation}: the answer is not a JSON object")
        return answer.model_copy(update={"content": content})
