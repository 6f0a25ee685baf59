"""The models against the fleet: handlers and templates for every task type, names, messages, errors, deployment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from workers.cli import main as fleet
from workers.integrations import INTEGRATIONS
from workers.runtime import check_task_types, options_of, task_types_in_bpmn
from zeebe_lite.testing import ZeebeTestEnvironment

ROOT = Path(__file__).resolve().parents[2]
BPMN_DIR = ROOT / "bpmn"
BPMN = sorted(BPMN_DIR.glob("*.bpmn"))
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", "zeebe": "http://camunda.org/schema/zeebe/1.0"}

START_MESSAGES = {
    "lead-intake": "manychat.lead-captured",
    "hubspot-lead-to-manychat": "hubspot.contact-changed",
    "stripe-payment": "stripe.payment-succeeded",
    "whatsapp-ticket": "whatsapp.image-received",
    "approval-rpa": "approval.requested",
}
"""The webhook ingress contract: which message starts which process."""

KNOWN_ERROR_CODES = {
    "CONTACT_NOT_FOUND",
    "MESSAGING_WINDOW_CLOSED",
    "AI_REFUSED",
    "OCR_LOW_CONFIDENCE",
    "RECEIPT_UNREADABLE",
    "SUBSCRIBER_NOT_FOUND",
}


def _template_types() -> set[str]:
    types = set()
    for path in (ROOT / "element-templates").glob("*.json"):
        for template in json.loads(path.read_text(encoding="utf-8")):
            for prop in template["properties"]:
                if prop["binding"] == {"type": "zeebe:taskDefinition", "property": "type"}:
                    types.add(prop["value"])
    return types


def test_fleet_check_models_finds_a_handler_for_every_task_type(capsys: pytest.CaptureFixture[str]) -> None:
    assert fleet(["check-models", "--bpmn", str(BPMN_DIR)]) == 0
    assert "OK:" in capsys.readouterr().out
    report = check_task_types(BPMN_DIR, INTEGRATIONS)
    assert report.ok and not report.dynamic


def test_every_task_type_has_exactly_one_element_template_and_a_handler() -> None:
    used = {use.task_type for use in task_types_in_bpmn(BPMN_DIR)}
    handled = {task_type for integration in INTEGRATIONS for task_type in integration.task_types}
    templates = _template_types()
    assert used <= templates
    assert templates == handled
    counts = [
        prop["value"]
        for path in (ROOT / "element-templates").glob("*.json")
        for template in json.loads(path.read_text(encoding="utf-8"))
        for prop in template["properties"]
        if prop["binding"].get("property") == "type"
    ]
    assert len(counts) == len(set(counts))


@pytest.mark.parametrize("path", BPMN, ids=lambda path: path.stem)
def test_one_executable_process_named_like_the_file_started_by_its_contract_message(path: Path) -> None:
    root = ElementTree.parse(path).getroot()
    processes = root.findall("bpmn:process", NS)
    assert [process.get("id") for process in processes] == [path.stem]
    assert processes[0].get("isExecutable") == "true"
    messages = {message.get("id"): message.get("name") for message in root.findall("bpmn:message", NS)}
    starts = processes[0].findall("bpmn:startEvent", NS)
    assert len(starts) == 1
    definition = starts[0].find("bpmn:messageEventDefinition", NS)
    assert definition is not None
    assert messages[definition.get("messageRef")] == START_MESSAGES[path.stem]


@pytest.mark.parametrize("path", BPMN, ids=lambda path: path.stem)
def test_every_caught_error_is_one_the_integrations_throw(path: Path) -> None:
    root = ElementTree.parse(path).getroot()
    codes = {error.get("errorCode") for error in root.findall("bpmn:error", NS)}
    assert codes <= KNOWN_ERROR_CODES


def test_intermediate_messages_correlate_by_their_contract_key() -> None:
    root = ElementTree.parse(BPMN_DIR / "approval-rpa.bpmn").getroot()
    (message,) = [m for m in root.findall("bpmn:message", NS) if m.get("name") == "rpa.bot-finished"]
    subscription = message.find("bpmn:extensionElements/zeebe:subscription", NS)
    assert subscription is not None and subscription.get("correlationKey") == "=rpaCorrelationId"


async def test_all_models_deploy_together_on_zeebe_lite() -> None:
    async with await ZeebeTestEnvironment.start() as env:
        deployment = await env.deploy(BPMN_DIR, ROOT / "dmn")
    deployed = sorted(process.bpmn_process_id for process in deployment.processes_metadata)
    assert deployed == sorted(START_MESSAGES)
    assert sorted(decision.decision_id for decision in deployment.decisions_metadata) == [
        "lead-routing",
        "leadScore",
        "payment-approval",
    ]


@pytest.mark.parametrize(
    "task",
    [task for integration in INTEGRATIONS for task in integration.router.tasks],
    ids=lambda task: task.type,
)
def test_element_template_offers_every_input_of_its_handler(task: Any) -> None:
    (template,) = [
        template
        for path in (ROOT / "element-templates").glob("*.json")
        for template in json.loads(path.read_text(encoding="utf-8"))
        if template["id"] == f"zeebe-fleet.{task.type}"
    ]
    inputs = {
        prop["binding"]["name"] for prop in template["properties"] if prop["binding"]["type"] == "zeebe:input"
    }
    model = options_of(task.original_function).input_model
    assert model is not None
    assert inputs == set(model.model_fields) | {"idempotencyKey"}
    required = {
        prop["binding"]["name"]
        for prop in template["properties"]
        if prop["binding"]["type"] == "zeebe:input" and prop.get("constraints", {}).get("notEmpty")
    }
    assert required == {name for name, field in model.model_fields.items() if field.is_required()}
