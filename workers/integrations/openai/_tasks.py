"""OpenAI task handlers (worker group ``ai``): payment analysis and ticket categorisation, structured output."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from workers import BpmnError, Integration, TransientError
from workers.integrations._http import PerEventLoop, settings_from_environment
from workers.integrations.openai._client import ChatMessage, OpenAIClient, StructuredAnswer
from workers.integrations.openai._settings import OpenAISettings

__all__ = [
    "AI_REFUSED",
    "AnalyzePaymentInput",
    "AnalyzePaymentOutput",
    "CategorizeTicketInput",
    "CategorizeTicketOutput",
    "PaymentAnalysis",
    "TicketCategorisation",
    "openai",
    "openai_clients",
    "payment_analysis_schema",
    "ticket_schema",
]

AI_REFUSED = "AI_REFUSED"
"""BPMN error: the model declined to answer (its refusal is the error message); route to a person."""

openai = Integration("openai", group="ai")
openai_clients: PerEventLoop[OpenAIClient] = PerEventLoop(
    lambda: OpenAIClient(settings_from_environment(OpenAISettings))
)
"""The OpenAI client of the running event loop."""

_PAYMENT_INSTRUCTIONS = (
    "You review incoming payments for a small business. Given the payment data as JSON, judge the risk that "
    "it is fraudulent or erroneous, summarise it in one or two sentences for the bookkeeper, and recommend "
    "approve, review or reject. Answer only with the requested JSON."
)
_TICKET_INSTRUCTIONS = (
    "You triage customer support tickets. Pick exactly one category from the allowed list, a priority, and "
    "write a one-sentence summary. Answer only with the requested JSON."
)


class _Input(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PaymentAnalysis(BaseModel):
    """The model's judgement of a payment."""

    model_config = ConfigDict(extra="forbid")

    riskLevel: Literal["low", "medium", "high"]
    likelyFraud: bool
    recommendedAction: Literal["approve", "review", "reject"]
    summary: str


def payment_analysis_schema() -> dict[str, Any]:
    """The strict JSON schema of :class:`PaymentAnalysis` (every property required, nothing else allowed)."""
    return {
        "type": "object",
        "properties": {
            "riskLevel": {"type": "string", "enum": ["low", "medium", "high"]},
            "likelyFraud": {"type": "boolean"},
            "recommendedAction": {"type": "string", "enum": ["approve", "review", "reject"]},
            "summary": {"type": "string"},
        },
        "required": ["riskLevel", "likelyFraud", "recommendedAction", "summary"],
        "additionalProperties": False,
    }


class TicketCategorisation(BaseModel):
    """The model's triage of a ticket."""

    model_config = ConfigDict(extra="forbid")

    category: str
    priority: Literal["low", "normal", "high", "urgent"]
    summary: str


def ticket_schema(categories: list[str]) -> dict[str, Any]:
    """The strict JSON schema of :class:`TicketCategorisation` with ``category`` limited to ``categories``."""
    return {
        "type": "object",
        "properties": {
            "category": {"type": "string", "enum": list(categories)},
            "priority": {"type": "string", "enum": ["low", "normal", "high", "urgent"]},
            "summary": {"type": "string"},
        },
        "required": ["category", "priority", "summary"],
        "additionalProperties": False,
    }


def _content(answer: StructuredAnswer) -> dict[str, Any]:
    if answer.content is None:
        raise BpmnError(AI_REFUSED, f"The model declined: {answer.refusal}")
    return answer.content


def _checked(model: type[BaseModel], content: dict[str, Any]) -> Any:
    try:
        return model.model_validate(content)
    except pydantic.ValidationError as error:
        # Strict structured output should prevent this; a new attempt may well answer correctly.
        raise TransientError(
            f"OpenAI answer does not match {model.__name__}: {error.error_count()} problem(s)"
        ) from None


class AnalyzePaymentInput(_Input):
    """``openai.analyze-payment``: the payment (e.g. the ``paymentIntent`` variable) and optional context."""

    payment: dict[str, Any] = Field(min_length=1)
    paymentContext: str | None = Field(default=None, max_length=4000)


class AnalyzePaymentOutput(BaseModel):
    """The analysis and the model that made it."""

    paymentAnalysis: PaymentAnalysis
    aiModel: str


@openai.task(
    "openai.analyze-payment",
    timeout=timedelta(minutes=3),
    input_model=AnalyzePaymentInput,
    output_model=AnalyzePaymentOutput,
)
async def analyze_payment(payment: dict[str, Any], paymentContext: str | None = None) -> dict[str, Any]:
    """Judge a payment's risk; the result is recorded, so a redelivered job does not ask (and pay) again."""
    facts = {"payment": payment, "context": paymentContext}
    answer = await openai_clients.get().complete_json(
        [
            ChatMessage(role="system", content=_PAYMENT_INSTRUCTIONS),
            ChatMessage(role="user", content=json.dumps(facts, ensure_ascii=False, sort_keys=True)),
        ],
        schema_name="payment_analysis",
        schema=payment_analysis_schema(),
    )
    analysis = _checked(PaymentAnalysis, _content(answer))
    return AnalyzePaymentOutput(paymentAnalysis=analysis, aiModel=answer.model).model_dump()


class CategorizeTicketInput(_Input):
    """``openai.categorize-ticket``: the ticket's subject and text and the categories to choose from."""

    ticketSubject: str = Field(max_length=1000)
    ticketBody: str = Field(min_length=1, max_length=20000)
    ticketCategories: list[str] = Field(min_length=1, max_length=50)


class CategorizeTicketOutput(BaseModel):
    """The category, priority and summary, and the model that chose them."""

    ticketCategory: str
    ticketPriority: Literal["low", "normal", "high", "urgent"]
    ticketSummary: str
    aiModel: str


@openai.task(
    "openai.categorize-ticket",
    timeout=timedelta(minutes=3),
    input_model=CategorizeTicketInput,
    output_model=CategorizeTicketOutput,
)
async def categorize_ticket(
    ticketSubject: str, ticketBody: str, ticketCategories: list[str]
) -> dict[str, Any]:
    """Choose a category (one of ``ticketCategories``) and a priority for a support ticket."""
    ticket = {"subject": ticketSubject, "body": ticketBody, "allowedCategories": ticketCategories}
    answer = await openai_clients.get().complete_json(
        [
            ChatMessage(role="system", content=_TICKET_INSTRUCTIONS),
            ChatMessage(role="user", content=json.dumps(ticket, ensure_ascii=False)),
        ],
        schema_name="ticket_categorisation",
        schema=ticket_schema(ticketCategories),
    )
    triage: TicketCategorisation = _checked(TicketCategorisation, _content(answer))
    if triage.category not in ticketCategories:
        raise TransientError("OpenAI answer chose a category outside ticketCategories")
    return CategorizeTicketOutput(
        ticketCategory=triage.category,
        ticketPriority=triage.priority,
        ticketSummary=triage.summary,
        aiModel=answer.model,
    ).model_dump()
