import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from sandbox import Sandbox, run_sandbox
from sandbox._images import Receipt, receipt_jpeg
from sandbox.openai import OpenAIEmulator, ScriptedReply, instance_of_schema

LEAD_SCORE = {
    "type": "object",
    "properties": {
        "score": {"type": "integer", "minimum": 0, "maximum": 10},
        "tier": {"type": "string", "enum": ["hot", "warm", "cold"]},
        "reasons": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["score", "tier", "reasons"],
    "additionalProperties": False,
}


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    async with run_sandbox(["openai"]) as running:
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    environment = sandbox.environment()
    async with httpx.AsyncClient(
        base_url=environment["OPENAI_BASE_URL"],
        headers={"Authorization": f"Bearer {environment['OPENAI_API_KEY']}"},
    ) as http:
        yield http


def chat(content: Any = "Score this lead: jane@example.com", **extra: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": content}], **extra}


def structured(schema: dict[str, Any], strict: bool = True) -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": "lead_score", "schema": schema, "strict": strict}}


async def test_structured_output_is_a_json_string_matching_the_schema(client: httpx.AsyncClient) -> None:
    answer = await client.post("/chat/completions", json=chat(response_format=structured(LEAD_SCORE)))
    assert answer.status_code == 200
    completion = answer.json()
    assert completion["object"] == "chat.completion"
    message = completion["choices"][0]["message"]
    assert message["refusal"] is None and completion["choices"][0]["finish_reason"] == "stop"
    value = json.loads(message["content"])
    assert set(value) == {"score", "tier", "reasons"}
    assert 0 <= value["score"] <= 10 and value["tier"] in ("hot", "warm", "cold")
    usage = completion["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    again = await client.post("/chat/completions", json=chat(response_format=structured(LEAD_SCORE)))
    assert again.json()["choices"][0]["message"]["content"] == message["content"]


async def test_every_answer_has_request_and_rate_limit_headers(client: httpx.AsyncClient) -> None:
    answer = await client.post("/chat/completions", json=chat())
    for header in (
        "x-request-id",
        "openai-processing-ms",
        "openai-version",
        "x-ratelimit-limit-requests",
        "x-ratelimit-remaining-requests",
        "x-ratelimit-reset-requests",
        "x-ratelimit-limit-tokens",
        "x-ratelimit-remaining-tokens",
        "x-ratelimit-reset-tokens",
    ):
        assert header in answer.headers
    assert answer.headers["x-ratelimit-remaining-requests"] == "499"


@pytest.mark.parametrize(
    ("schema", "problem"),
    [
        ({**LEAD_SCORE, "required": ["score", "tier"]}, "Missing 'reasons'"),
        (
            {key: value for key, value in LEAD_SCORE.items() if key != "additionalProperties"},
            "'additionalProperties'",
        ),
    ],
)
async def test_strict_schemas_are_checked(
    client: httpx.AsyncClient, schema: dict[str, Any], problem: str
) -> None:
    answer = await client.post("/chat/completions", json=chat(response_format=structured(schema)))
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == "response_format"
    assert problem in error["message"]
    relaxed = await client.post(
        "/chat/completions", json=chat(response_format=structured(schema, strict=False))
    )
    assert relaxed.status_code == 200


async def test_request_validation_errors(client: httpx.AsyncClient) -> None:
    unknown_model = await client.post("/chat/completions", json={**chat(), "model": "gpt-0"})
    assert unknown_model.status_code == 404 and unknown_model.json()["error"]["code"] == "model_not_found"
    no_messages = await client.post("/chat/completions", json={"model": "gpt-4o-mini"})
    assert no_messages.status_code == 400 and no_messages.json()["error"]["param"] == "messages"
    json_mode = await client.post(
        "/chat/completions", json=chat("hello", response_format={"type": "json_object"})
    )
    assert (
        json_mode.status_code == 400
        and "must contain the word 'json'" in json_mode.json()["error"]["message"]
    )
    bad_image = chat([{"type": "image_url", "image_url": {"url": "data:image/png;base64,@@@"}}])
    assert (await client.post("/chat/completions", json=bad_image)).status_code == 400


async def test_vision_input_with_a_data_url_is_accepted(client: httpx.AsyncClient) -> None:
    image = base64.b64encode(receipt_jpeg(Receipt())).decode()
    content = [
        {"type": "text", "text": "Read this receipt"},
        {"type": "image_url", "image_url": {"url": f"data:image/jpeg;base64,{image}"}},
    ]
    answer = await client.post("/chat/completions", json=chat(content))
    assert answer.status_code == 200


async def test_scripted_replies_and_refusals(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    admin = sandbox.origins["openai"]
    openai = sandbox.emulator("openai", OpenAIEmulator)
    openai.script(ScriptedReply(content={"score": 9, "tier": "hot", "reasons": ["budget"]}, match="jane"))
    await client.post(admin + "/__sandbox/openai/replies", json={"refusal": "I can't help with that."})
    refused = await client.post(
        "/chat/completions", json=chat("something else", response_format=structured(LEAD_SCORE))
    )
    assert refused.json()["choices"][0]["message"] == {
        "role": "assistant",
        "content": None,
        "refusal": "I can't help with that.",
        "annotations": [],
    }
    scripted = await client.post("/chat/completions", json=chat(response_format=structured(LEAD_SCORE)))
    assert json.loads(scripted.json()["choices"][0]["message"]["content"])["score"] == 9


async def test_auth_errors(sandbox: Sandbox) -> None:
    async with httpx.AsyncClient(base_url=sandbox.environment()["OPENAI_BASE_URL"]) as anonymous:
        missing = await anonymous.post("/chat/completions", json=chat())
        wrong = await anonymous.post(
            "/chat/completions", json=chat(), headers={"Authorization": "Bearer sk-wrong-key"}
        )
    assert missing.status_code == 401 and wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "invalid_api_key"


async def test_rate_limits_and_insufficient_quota_are_told_apart(
    sandbox: Sandbox, client: httpx.AsyncClient
) -> None:
    admin = sandbox.origins["openai"]
    await client.put(admin + "/__sandbox/rate-limits", json={"requests": {"limit": 1}})
    await client.post("/chat/completions", json=chat())
    limited = await client.post("/chat/completions", json=chat())
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limit_exceeded"
    assert int(limited.headers["retry-after-ms"]) > 0 and int(limited.headers["retry-after"]) >= 1
    await client.put(admin + "/__sandbox/rate-limits", json={"requests": None})
    await client.put(admin + "/__sandbox/openai/quota", json={"exhausted": True})
    broke = await client.post("/chat/completions", json=chat())
    assert broke.status_code == 429
    assert broke.json()["error"]["type"] == "insufficient_quota"
    assert "retry-after" not in broke.headers


async def test_token_limit_per_minute(sandbox: Sandbox, client: httpx.AsyncClient) -> None:
    admin = sandbox.origins["openai"]
    await client.put(admin + "/__sandbox/openai/quota", json={"tokens_per_minute": 30})
    assert (await client.post("/chat/completions", json=chat())).status_code == 200
    over = await client.post("/chat/completions", json=chat("x" * 200))
    assert over.status_code == 429 and over.json()["error"]["type"] == "tokens"


async def test_responses_api_with_flat_json_schema_format(client: httpx.AsyncClient) -> None:
    answer = await client.post(
        "/responses",
        json={
            "model": "gpt-4.1-mini",
            "instructions": "Score leads",
            "input": "jane@example.com",
            "text": {
                "format": {"type": "json_schema", "name": "lead_score", "schema": LEAD_SCORE, "strict": True}
            },
        },
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["object"] == "response" and body["status"] == "completed"
    text = body["output"][0]["content"][0]["text"]
    assert json.loads(text)["tier"] in ("hot", "warm", "cold")


async def test_streaming_sends_chunks_and_done(client: httpx.AsyncClient) -> None:
    answer = await client.post("/chat/completions", json=chat(stream=True))
    events = [line.removeprefix("data: ") for line in answer.text.splitlines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(event) for event in events[:-1]]
    text = "".join(chunk["choices"][0]["delta"].get("content", "") for chunk in chunks)
    assert text.startswith("Sandbox reply to: Score this lead")
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


def test_schema_instances_respect_refs_and_bounds() -> None:
    schema = {
        "$defs": {
            "item": {"type": "object", "properties": {"n": {"type": "number", "minimum": 5, "maximum": 5}}}
        },
        "type": "object",
        "properties": {
            "items": {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/item"}},
            "flag": {"type": ["boolean", "null"]},
        },
    }
    value = instance_of_schema(schema, b"seed")
    assert value["items"] == [{"n": 5.0}, {"n": 5.0}]
    assert isinstance(value["flag"], bool)
