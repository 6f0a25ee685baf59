"""OpenAI API: chat completions (text, JSON mode, structured output, vision input, streaming) and responses.

Contract (external-apis.md §5): ``Authorization: Bearer <key>``; ``POST /v1/chat/completions`` answers
``chat.completion`` objects with ``choices[].message.content`` (structured output as a JSON *string*) or
``message.refusal``; ``POST /v1/responses`` answers ``response`` objects with ``output[].content[].text``.
Structured output schemas are checked as OpenAI does in strict mode (every property required,
``additionalProperties: false``). Errors are ``{"error": {message, type, param, code}}``. Every answer carries
``x-request-id``, ``openai-processing-ms``, ``openai-version`` and the ``x-ratelimit-*`` headers (requests and
tokens per minute); a 429 says ``rate_limit_exceeded`` (with ``retry-after`` and ``retry-after-ms``) or, once
the quota is switched off through the admin endpoint, ``insufficient_quota`` (no retry headers).

The "model" is deterministic: a reply scripted through ``POST /__sandbox/openai/replies`` (optionally only when
the last user message contains ``match``) wins; otherwise a JSON value valid against the requested schema is
derived from a hash of the conversation, or a short text reply for plain chat.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import re
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from sandbox._common import (
    Emulator,
    EmulatorContext,
    MalformedBody,
    RateLimitHit,
    RateLimitRule,
    bearer_token,
    read_json,
)

__all__ = ["DEFAULT_MODELS", "OpenAIEmulator", "ScriptedReply", "instance_of_schema", "strict_schema_problem"]

DEFAULT_MODELS = (
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-4.1",
    "gpt-4.1-mini",
    "gpt-4.1-nano",
    "gpt-5",
    "gpt-5-mini",
    "gpt-5-nano",
    "o4-mini",
)
_ROLES = {"system", "developer", "user", "assistant", "tool"}
_SCHEMA_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


@dataclass(frozen=True)
class ScriptedReply:
    """A reply the fake model gives: ``content`` (text or a JSON value) or a ``refusal``."""

    content: Any = None
    refusal: str | None = None
    match: str | None = None
    finish_reason: str = "stop"


class _OpenAIError(Exception):
    def __init__(
        self, status: int, message: str, error_type: str, param: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": {"message": message, "type": error_type, "param": param, "code": code}}


def _invalid(message: str, param: str | None = None, code: str | None = None) -> _OpenAIError:
    return _OpenAIError(400, message, "invalid_request_error", param, code)


def _duration(seconds: float) -> str:
    if seconds < 1:
        return f"{max(int(seconds * 1000), 1)}ms"
    minutes, rest = divmod(seconds, 60)
    if minutes >= 1:
        return f"{int(minutes)}m{rest:.0f}s"
    return f"{rest:.3g}s"


def _tokens(text: str) -> int:
    return max(1, (len(text) + 3) // 4) if text else 0


def strict_schema_problem(schema: Any, context: str = "()") -> str | None:
    """Why ``schema`` is not valid for strict structured output, or ``None``."""
    if not isinstance(schema, dict):
        return f"In context={context}, schema must be a JSON Schema object."
    kind = schema.get("type")
    if kind == "object" or (isinstance(kind, list) and "object" in kind):
        properties = schema.get("properties", {})
        if not isinstance(properties, dict):
            return f"In context={context}, 'properties' must be an object."
        if schema.get("additionalProperties") is not False:
            return f"In context={context}, 'additionalProperties' is required to be supplied and to be false."
        required = schema.get("required")
        missing = [name for name in properties if not isinstance(required, list) or name not in required]
        if missing:
            return (
                f"In context={context}, 'required' is required to be supplied and to be an array including "
                f"every key in properties. Missing '{missing[0]}'."
            )
        for name, child in properties.items():
            problem = strict_schema_problem(child, f"('properties', '{name}')")
            if problem:
                return problem
    if isinstance(schema.get("items"), dict):
        problem = strict_schema_problem(
            schema["items"], f"{context[:-1]}, 'items')" if context != "()" else "('items',)"
        )
        if problem:
            return problem
    for keyword in ("anyOf",):
        for index, child in enumerate(schema.get(keyword) or []):
            problem = strict_schema_problem(child, f"('{keyword}', '{index}')")
            if problem:
                return problem
    for name, child in (schema.get("$defs") or {}).items():
        problem = strict_schema_problem(child, f"('$defs', '{name}')")
        if problem:
            return problem
    return None


def _number(value: Any, default: float) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def instance_of_schema(schema: Any, seed: bytes, path: str = "", defs: dict[str, Any] | None = None) -> Any:
    """A value valid against ``schema``, chosen deterministically from ``seed``."""
    if not isinstance(schema, dict):
        return None
    defs = defs if defs is not None else (schema.get("$defs") or schema.get("definitions") or {})
    digest = hashlib.sha256(seed + path.encode()).digest()
    pick = int.from_bytes(digest[:8], "big")
    if "$ref" in schema and isinstance(schema["$ref"], str):
        name = schema["$ref"].rsplit("/", 1)[-1]
        return instance_of_schema(defs.get(name, {}), seed, path, defs)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][pick % len(schema["enum"])]
    for keyword in ("anyOf", "oneOf"):
        options = schema.get(keyword)
        if isinstance(options, list) and options:
            concrete = [
                option for option in options if isinstance(option, dict) and option.get("type") != "null"
            ]
            return instance_of_schema((concrete or options)[0], seed, path, defs)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((item for item in kind if item != "null"), "null")
    if kind == "object" or "properties" in schema:
        return {
            name: instance_of_schema(child, seed, f"{path}/{name}", defs)
            for name, child in (schema.get("properties") or {}).items()
        }
    if kind == "array":
        count = max(int(schema.get("minItems", 1)), 1)
        if isinstance(schema.get("maxItems"), int):
            count = min(count, schema["maxItems"])
        return [
            instance_of_schema(schema.get("items", {}), seed, f"{path}/{index}", defs)
            for index in range(count)
        ]
    if kind in ("integer", "number"):
        low = _number(schema.get("minimum", schema.get("exclusiveMinimum")), 0)
        high = _number(schema.get("maximum", schema.get("exclusiveMaximum")), low + 100)
        if "exclusiveMinimum" in schema:
            low += 1
        if "exclusiveMaximum" in schema:
            high -= 1
        value = low + pick % (int(high - low) + 1) if high >= low else low
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return bool(pick % 2)
    if kind == "null":
        return None
    text_format = schema.get("format")
    if text_format == "date":
        return "2024-01-01"
    if text_format == "date-time":
        return "2024-01-01T12:00:00Z"
    if text_format == "email":
        return "sandbox@example.com"
    name = path.rsplit("/", 1)[-1] or "value"
    text = f"sandbox {name} {digest[:3].hex()}"
    if isinstance(schema.get("maxLength"), int):
        text = text[: schema["maxLength"]]
    if isinstance(schema.get("minLength"), int) and len(text) < schema["minLength"]:
        text = text.ljust(schema["minLength"], "x")
    return text


class OpenAIEmulator(Emulator):
    """A deterministic fake model behind OpenAI's chat completions and responses endpoints."""

    name: ClassVar[str] = "openai"
    title: ClassVar[str] = "OpenAI API (chat completions, responses)"

    def __init__(self, context: EmulatorContext) -> None:
        super().__init__(context)
        self.api_key = "sk-sandbox-" + secrets.token_hex(20)
        self.models: set[str] = set(DEFAULT_MODELS)
        self.tokens_per_minute = 200_000
        self.quota_exhausted = False
        self._replies: list[ScriptedReply] = []
        self._token_log: deque[tuple[float, int]] = deque()
        self.calls: list[dict[str, Any]] = []
        self.reset_state()

    @property
    def base_url(self) -> str:
        return self.context.origin + "/v1"

    # --- Emulator -----------------------------------------------------------------------------------------
    def reset_state(self) -> None:
        self.models = set(DEFAULT_MODELS)
        self.tokens_per_minute = 200_000
        self.quota_exhausted = False
        self._replies = []
        self._token_log = deque()
        self.calls = []

    def state_view(self) -> dict[str, Any]:
        return {
            "models": sorted(self.models),
            "scriptedReplies": len(self._replies),
            "quotaExhausted": self.quota_exhausted,
            "tokensPerMinute": self.tokens_per_minute,
            "calls": self.calls[-50:],
        }

    def export_state(self) -> dict[str, Any]:
        # Quota and tokens-per-minute settings are limits, not state: they start at their defaults.
        return {
            "models": sorted(self.models),
            "scripted_replies": [dataclasses.asdict(reply) for reply in self._replies],
            "calls": self.calls,
        }

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        self.models = set(snapshot["models"])
        self._replies = [ScriptedReply(**item) for item in snapshot["scripted_replies"]]
        self.calls = list(snapshot["calls"])

    def credentials(self) -> dict[str, str]:
        return {"api_key": self.api_key}

    def environment(self) -> dict[str, str]:
        return {"OPENAI_BASE_URL": self.base_url, "OPENAI_API_KEY": self.api_key}

    def error_response(self, status: int, message: str) -> Response:
        error_type = "server_error" if status >= 500 else "invalid_request_error"
        return JSONResponse(
            {"error": {"message": message, "type": error_type, "param": None, "code": None}},
            status_code=status,
            headers={"x-request-id": "req_" + secrets.token_hex(16)},
        )

    def rate_limit_rules(self) -> list[RateLimitRule]:
        return [RateLimitRule("requests", 500, timedelta(minutes=1))]

    def rate_limit_keys(self, request: Request) -> list[tuple[str, str]]:
        return (
            [("requests", bearer_token(request) or "anonymous")]
            if request.url.path.startswith("/v1/")
            else []
        )

    def rate_limit_headers(self, hits: list[RateLimitHit]) -> dict[str, str]:
        headers: dict[str, str] = {}
        for hit in hits:
            headers["x-ratelimit-limit-requests"] = str(hit.rule.limit)
            headers["x-ratelimit-remaining-requests"] = str(hit.remaining)
            per_request = hit.rule.window.total_seconds() / hit.rule.limit
            headers["x-ratelimit-reset-requests"] = _duration(per_request * (hit.rule.limit - hit.remaining))
        return headers

    def rate_limited_response(self, hit: RateLimitHit) -> Response:
        wait = hit.retry_after.total_seconds()
        message = (
            f"Rate limit reached for requests in organization org-sandbox on requests per min (RPM): "
            f"Limit {hit.rule.limit}, Used {hit.rule.limit}, Requested 1. Please try again in {_duration(wait)}. "
            "Visit https://platform.openai.com/account/rate-limits to learn more."
        )
        return JSONResponse(
            _OpenAIError(429, message, "requests", None, "rate_limit_exceeded").body,
            status_code=429,
            headers={
                "retry-after": str(max(1, int(wait + 0.999))),
                "retry-after-ms": str(max(1, int(wait * 1000))),
                "x-ratelimit-limit-requests": str(hit.rule.limit),
                "x-ratelimit-remaining-requests": "0",
                "x-ratelimit-reset-requests": _duration(wait),
                "x-request-id": "req_" + secrets.token_hex(16),
            },
        )

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/v1/chat/completions", self._endpoint(self._chat), methods=["POST"]),
            Route("/v1/responses", self._endpoint(self._responses), methods=["POST"]),
            Route("/v1/models", self._endpoint(self._list_models), methods=["GET"]),
            Route("/v1/models/{model:str}", self._endpoint(self._model), methods=["GET"]),
        ]

    def admin_routes(self) -> list[BaseRoute]:
        return [
            Route("/openai/replies", self._admin_replies, methods=["GET", "POST", "DELETE"]),
            Route("/openai/quota", self._admin_quota, methods=["PUT"]),
        ]

    # --- Python API ---------------------------------------------------------------------------------------
    def script(self, reply: ScriptedReply) -> None:
        """Queue a reply; used once, matched replies first, then in order."""
        self._replies.append(reply)

    # --- plumbing -----------------------------------------------------------------------------------------
    def _endpoint(self, handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            started = time.monotonic()
            headers = {
                "x-request-id": "req_" + secrets.token_hex(16),
                "openai-organization": "org-sandbox",
                "openai-version": "2020-10-01",
            }
            try:
                token = bearer_token(request)
                if token is None:
                    raise _OpenAIError(
                        401,
                        "You didn't provide an API key. You need to provide your API key in an Authorization header "
                        "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with "
                        "blank username) if you're accessing the API from your browser and are prompted for a "
                        "username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
                        "invalid_request_error",
                    )
                if token != self.api_key:
                    masked = token[:3] + "*" * 8 + token[-4:] if len(token) > 8 else "*" * len(token)
                    raise _OpenAIError(
                        401,
                        f"Incorrect API key provided: {masked}. You can find your API key at "
                        "https://platform.openai.com/account/api-keys.",
                        "invalid_request_error",
                        None,
                        "invalid_api_key",
                    )
                if self.quota_exhausted and request.method == "POST":
                    raise _OpenAIError(
                        429,
                        "You exceeded your current quota, please check your plan and billing details. For more "
                        "information on this error, read the docs: "
                        "https://platform.openai.com/docs/guides/error-codes/api-errors.",
                        "insufficient_quota",
                        None,
                        "insufficient_quota",
                    )
                response: Response = await handler(request)
            except _OpenAIError as error:
                response = JSONResponse(error.body, status_code=error.status)
            response.headers.update(headers)
            response.headers["openai-processing-ms"] = str(int((time.monotonic() - started) * 1000))
            return response

        return endpoint

    async def _body(self, request: Request) -> dict[str, Any]:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            raise _invalid(
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
                "your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not "
                f"valid JSON. If you have trouble figuring out how to fix this, please contact us.) {error}"
            ) from error
        if not isinstance(body, dict):
            raise _invalid("The request body must be a JSON object.")
        return body

    def _model_of(self, body: dict[str, Any]) -> str:
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise _invalid("you must provide a model parameter", "model")
        if model not in self.models:
            raise _OpenAIError(
                404,
                f"The model `{model}` does not exist or you do not have access to it.",
                "invalid_request_error",
                None,
                "model_not_found",
            )
        return model

    def _spend_tokens(self, tokens: int) -> dict[str, str]:
        now = self.clock.monotonic()
        while self._token_log and self._token_log[0][0] <= now - 60:
            self._token_log.popleft()
        used = sum(count for _, count in self._token_log)
        if used + tokens > self.tokens_per_minute:
            wait = (self._token_log[0][0] + 60 - now) if self._token_log else 60.0
            raise _OpenAIError(
                429,
                f"Rate limit reached for requests in organization org-sandbox on tokens per min (TPM): Limit "
                f"{self.tokens_per_minute}, Used {used}, Requested {tokens}. Please try again in {_duration(wait)}. "
                "Visit https://platform.openai.com/account/rate-limits to learn more.",
                "tokens",
                None,
                "rate_limit_exceeded",
            )
        self._token_log.append((now, tokens))
        remaining = self.tokens_per_minute - used - tokens
        return {
            "x-ratelimit-limit-tokens": str(self.tokens_per_minute),
            "x-ratelimit-remaining-tokens": str(remaining),
            "x-ratelimit-reset-tokens": _duration(60 * (used + tokens) / self.tokens_per_minute),
        }

    def _next_reply(self, last_user_text: str) -> ScriptedReply | None:
        for index, reply in enumerate(self._replies):
            if reply.match is not None and reply.match in last_user_text:
                return self._replies.pop(index)
        for index, reply in enumerate(self._replies):
            if reply.match is None:
                return self._replies.pop(index)
        return None

    def _answer(
        self, conversation: list[tuple[str, str]], output_format: dict[str, Any] | None
    ) -> tuple[str | None, str | None, str]:
        """(content, refusal, finish_reason) for a conversation and the wanted output format."""
        last_user = next((text for role, text in reversed(conversation) if role == "user"), "")
        scripted = self._next_reply(last_user)
        if scripted is not None:
            if scripted.refusal is not None:
                return None, scripted.refusal, scripted.finish_reason
            content = scripted.content if isinstance(scripted.content, str) else json.dumps(scripted.content)
            return content, None, scripted.finish_reason
        seed = json.dumps(conversation).encode()
        if output_format is None:
            snippet = " ".join(last_user.split())[:80]
            return f"Sandbox reply to: {snippet}", None, "stop"
        if output_format["type"] == "json_object":
            return json.dumps({"reply": "sandbox", "echo": last_user[:80]}), None, "stop"
        return json.dumps(instance_of_schema(output_format["schema"], seed)), None, "stop"

    @staticmethod
    def _check_format(
        output_format: Any, param: str, conversation: list[tuple[str, str]]
    ) -> dict[str, Any] | None:
        if output_format is None:
            return None
        if not isinstance(output_format, dict) or output_format.get("type") not in (
            "text",
            "json_object",
            "json_schema",
        ):
            raise _invalid(
                f"Invalid value for '{param}.type': expected one of 'text', 'json_object' or 'json_schema'.",
                f"{param}.type",
            )
        kind = output_format["type"]
        if kind == "text":
            return None
        if kind == "json_object":
            if not any("json" in text.lower() for _, text in conversation):
                raise _invalid(
                    f"'messages' must contain the word 'json' in some form, to use '{param}' of type 'json_object'.",
                    "messages",
                )
            return {"type": "json_object"}
        spec = output_format.get("json_schema") if param == "response_format" else output_format
        if not isinstance(spec, dict):
            raise _invalid(
                f"Missing required parameter: '{param}.json_schema'.",
                f"{param}.json_schema",
                "missing_required_parameter",
            )
        name, schema = spec.get("name"), spec.get("schema")
        if not isinstance(name, str):
            raise _invalid(
                f"Missing required parameter: '{param}.name'.", f"{param}.name", "missing_required_parameter"
            )
        if not _SCHEMA_NAME.match(name):
            raise _invalid(
                f"Invalid '{param}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
                f"{param}.name",
                "invalid_value",
            )
        if not isinstance(schema, dict):
            raise _invalid(
                f"Missing required parameter: '{param}.schema'.",
                f"{param}.schema",
                "missing_required_parameter",
            )
        if spec.get("strict") is True:
            problem = strict_schema_problem(schema)
            if problem:
                raise _invalid(
                    f"Invalid schema for {param} '{name}': {problem}", param, "invalid_json_schema"
                )
        return {"type": "json_schema", "name": name, "schema": schema}

    @staticmethod
    def _text_of(content: Any, param: str) -> str:
        if isinstance(content, str):
            return content
        if content is None:
            return ""
        if not isinstance(content, list):
            raise _invalid(
                f"Invalid type for '{param}': expected a string or an array of content parts.", param
            )
        texts = []
        for index, part in enumerate(content):
            kind = part.get("type") if isinstance(part, dict) else None
            if kind in ("text", "input_text", "output_text"):
                texts.append(str(part.get("text", "")))
            elif kind in ("image_url", "input_image"):
                url = part.get("image_url")
                url = url.get("url") if isinstance(url, dict) else url
                if not isinstance(url, str) or not url:
                    raise _invalid(
                        f"Missing required parameter: '{param}[{index}].image_url.url'.",
                        f"{param}[{index}].image_url",
                    )
                if url.startswith("data:"):
                    header, _, data = url.partition(",")
                    if not re.match(r"data:image/(png|jpeg|jpg|gif|webp);base64$", header):
                        raise _invalid(
                            "Invalid image_url: expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,...').",
                            f"{param}[{index}].image_url",
                            "invalid_image_url",
                        )
                    try:
                        base64.b64decode(data, validate=True)
                    except binascii.Error as error:
                        raise _invalid(
                            "You uploaded an unsupported image. Please make sure your image is valid.",
                            f"{param}[{index}].image_url",
                            "invalid_image_format",
                        ) from error
                elif not url.startswith(("http://", "https://")):
                    raise _invalid(
                        f"Invalid image URL: '{url[:40]}'", f"{param}[{index}].image_url", "invalid_image_url"
                    )
                texts.append("[image]")
            else:
                raise _invalid(
                    f"Invalid value: '{kind}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.",
                    f"{param}[{index}].type",
                    "invalid_value",
                )
        return " ".join(texts)

    # --- chat completions ---------------------------------------------------------------------------------
    async def _chat(self, request: Request) -> Response:
        body = await self._body(request)
        model = self._model_of(body)
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise _invalid(
                "Missing required parameter: 'messages'.", "messages", "missing_required_parameter"
            )
        conversation: list[tuple[str, str]] = []
        for index, message in enumerate(messages):
            if not isinstance(message, dict) or message.get("role") not in _ROLES:
                raise _invalid(
                    f"Invalid value: '{message.get('role') if isinstance(message, dict) else message}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
                    f"messages[{index}].role",
                    "invalid_value",
                )
            conversation.append(
                (message["role"], self._text_of(message.get("content"), f"messages[{index}].content"))
            )
        temperature = body.get("temperature", 1)
        if (
            not isinstance(temperature, int | float)
            or isinstance(temperature, bool)
            or not 0 <= temperature <= 2
        ):
            raise _invalid(
                f"Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got {temperature} instead.",
                "temperature",
                "decimal_above_max_value",
            )
        max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
        if max_tokens is not None and (
            not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1
        ):
            raise _invalid(
                "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1.",
                "max_tokens",
                "integer_below_min_value",
            )
        count = body.get("n", 1)
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 8:
            raise _invalid("Invalid 'n': expected an integer between 1 and 8.", "n")
        output_format = self._check_format(body.get("response_format"), "response_format", conversation)
        prompt_tokens = sum(_tokens(text) + 4 for _, text in conversation)
        choices = []
        completion_tokens = 0
        for index in range(count):
            content, refusal, finish = self._answer(conversation, output_format)
            produced = _tokens(content or refusal or "")
            if max_tokens is not None and content is not None and produced > max_tokens:
                content, finish, produced = content[: max_tokens * 4], "length", max_tokens
            completion_tokens += produced
            choices.append(
                {
                    "index": index,
                    "message": {
                        "role": "assistant",
                        "content": content,
                        "refusal": refusal,
                        "annotations": [],
                    },
                    "logprobs": None,
                    "finish_reason": finish,
                }
            )
        token_headers = self._spend_tokens(prompt_tokens + completion_tokens)
        completion = {
            "id": "chatcmpl-" + secrets.token_urlsafe(21),
            "object": "chat.completion",
            "created": int(self.clock.timestamp()),
            "model": model,
            "choices": choices,
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
            },
            "service_tier": "default",
            "system_fingerprint": "fp_sandbox",
        }
        self.calls.append(
            {
                "endpoint": "chat.completions",
                "model": model,
                "last_user": conversation[-1][1][:200],
                "format": output_format["type"] if output_format else "text",
            }
        )
        if body.get("stream") is True:
            return StreamingResponse(
                self._stream(completion), media_type="text/event-stream", headers=token_headers
            )
        return JSONResponse(completion, headers=token_headers)

    @staticmethod
    async def _stream(completion: dict[str, Any]) -> AsyncIterator[bytes]:
        base = {key: completion[key] for key in ("id", "created", "model", "system_fingerprint")}
        for choice in completion["choices"]:
            content = choice["message"]["content"] or ""
            first = {"role": "assistant", "content": "", "refusal": None}
            yield _sse(
                {
                    **base,
                    "object": "chat.completion.chunk",
                    "choices": [{"index": choice["index"], "delta": first, "finish_reason": None}],
                }
            )
            for start in range(0, len(content), 16):
                delta = {"content": content[start : start + 16]}
                yield _sse(
                    {
                        **base,
                        "object": "chat.completion.chunk",
                        "choices": [{"index": choice["index"], "delta": delta, "finish_reason": None}],
                    }
                )
            yield _sse(
                {
                    **base,
                    "object": "chat.completion.chunk",
                    "choices": [
                        {"index": choice["index"], "delta": {}, "finish_reason": choice["finish_reason"]}
                    ],
                }
            )
        yield b"data: [DONE]\n\n"

    # --- responses ----------------------------------------------------------------------------------------
    async def _responses(self, request: Request) -> Response:
        body = await self._body(request)
        model = self._model_of(body)
        raw_input = body.get("input")
        conversation: list[tuple[str, str]] = []
        if isinstance(body.get("instructions"), str):
            conversation.append(("developer", body["instructions"]))
        if isinstance(raw_input, str):
            conversation.append(("user", raw_input))
        elif isinstance(raw_input, list) and raw_input:
            for index, item in enumerate(raw_input):
                if not isinstance(item, dict) or item.get("role") not in _ROLES:
                    raise _invalid(
                        f"Invalid value for 'input[{index}].role'.", f"input[{index}].role", "invalid_value"
                    )
                conversation.append(
                    (item["role"], self._text_of(item.get("content"), f"input[{index}].content"))
                )
        else:
            raise _invalid("Missing required parameter: 'input'.", "input", "missing_required_parameter")
        text = body.get("text")
        output_format = self._check_format(
            text.get("format") if isinstance(text, dict) else None, "text.format", conversation
        )
        max_tokens = body.get("max_output_tokens")
        content, refusal, _ = self._answer(conversation, output_format)
        produced = _tokens(content or refusal or "")
        status, incomplete = "completed", None
        if isinstance(max_tokens, int) and content is not None and produced > max_tokens:
            content, produced, status, incomplete = (
                content[: max_tokens * 4],
                max_tokens,
                "incomplete",
                {"reason": "max_output_tokens"},
            )
        prompt_tokens = sum(_tokens(text) + 4 for _, text in conversation)
        token_headers = self._spend_tokens(prompt_tokens + produced)
        part: dict[str, Any] = (
            {"type": "refusal", "refusal": refusal}
            if refusal is not None
            else {"type": "output_text", "text": content, "annotations": []}
        )
        answer = {
            "id": "resp_" + secrets.token_hex(24),
            "object": "response",
            "created_at": int(self.clock.timestamp()),
            "status": status,
            "model": model,
            "output": [
                {
                    "type": "message",
                    "id": "msg_" + secrets.token_hex(24),
                    "status": status,
                    "role": "assistant",
                    "content": [part],
                }
            ],
            "error": None,
            "incomplete_details": incomplete,
            "usage": {
                "input_tokens": prompt_tokens,
                "output_tokens": produced,
                "total_tokens": prompt_tokens + produced,
            },
        }
        self.calls.append(
            {
                "endpoint": "responses",
                "model": model,
                "last_user": conversation[-1][1][:200],
                "format": output_format["type"] if output_format else "text",
            }
        )
        return JSONResponse(answer, headers=token_headers)

    async def _list_models(self, request: Request) -> Response:
        return JSONResponse(
            {
                "object": "list",
                "data": [
                    {"id": model, "object": "model", "created": 1700000000, "owned_by": "system"}
                    for model in sorted(self.models)
                ],
            }
        )

    async def _model(self, request: Request) -> Response:
        model = request.path_params["model"]
        self._model_of({"model": model})
        return JSONResponse({"id": model, "object": "model", "created": 1700000000, "owned_by": "system"})

    # --- admin --------------------------------------------------------------------------------------------
    async def _admin_replies(self, request: Request) -> Response:
        if request.method == "DELETE":
            self._replies.clear()
        elif request.method == "POST":
            try:
                body = await read_json(request)
            except MalformedBody as error:
                return JSONResponse({"error": str(error)}, status_code=400)
            items = body if isinstance(body, list) else [body]
            for item in items:
                if not isinstance(item, dict) or ("content" not in item and "refusal" not in item):
                    return JSONResponse({"error": "each reply has content or refusal"}, status_code=400)
                self.script(
                    ScriptedReply(
                        item.get("content"),
                        item.get("refusal"),
                        item.get("match"),
                        item.get("finish_reason", "stop"),
                    )
                )
        return JSONResponse(
            [{"content": r.content, "refusal": r.refusal, "match": r.match} for r in self._replies]
        )

    async def _admin_quota(self, request: Request) -> Response:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "expected an object"}, status_code=400)
        if isinstance(body.get("exhausted"), bool):
            self.quota_exhausted = body["exhausted"]
        if isinstance(body.get("tokens_per_minute"), int) and body["tokens_per_minute"] > 0:
            self.tokens_per_minute = body["tokens_per_minute"]
        return JSONResponse({"exhausted": self.quota_exhausted, "tokens_per_minute": self.tokens_per_minute})


def _sse(payload: dict[str, Any]) -> bytes:
    return b"data: " + json.dumps(payload).encode() + b"\n\n"
