"""The BPMN task-type check and the handler registry (one handler per task type)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workers.runtime import (
    DuplicateHandlerError,
    Integration,
    Registry,
    UnknownGroupError,
    check_task_types,
    task_types_in_bpmn,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "workers"


def _integration(name: str, group: str, *task_types: str) -> Integration:
    integration = Integration(name, group=group)
    for task_type in task_types:

        @integration.task(task_type)
        async def handler() -> None:
            return None

    return integration


def test_reads_task_types_from_every_bpmn_file_below_the_folder() -> None:
    uses = task_types_in_bpmn(FIXTURES / "bpmn")
    found = sorted((use.task_type, use.element_id, use.file.name) for use in uses)
    assert found == [
        ('=channel + ".notify"', "RouteByChannel", "lead-intake.bpmn"),
        ("crm.create-contact", "CreateContact", "lead-intake.bpmn"),
        ("crm.create-contact", "CreateContactAgain", "record-payment.bpmn"),
        ("messaging.send-whatsapp", "SendWelcome", "lead-intake.bpmn"),
        ("payments.notify-accounting", "NotifyAccounting", "record-payment.bpmn"),
        ("payments.record-payment", "RecordPayment", "record-payment.bpmn"),
    ]


def test_all_handled_is_ok_and_reports_dynamic_and_unused_types() -> None:
    integrations = [
        _integration("hubspot", "crm", "crm.create-contact", "crm.unused"),
        _integration("whatsapp", "messaging", "messaging.send-whatsapp"),
        _integration("stripe", "payments", "payments.record-payment", "payments.notify-accounting"),
    ]
    report = check_task_types(FIXTURES / "bpmn", integrations)
    assert report.ok
    assert report.missing == {} and report.duplicated == {}
    assert [use.element_id for use in report.dynamic] == ["RouteByChannel"]
    assert report.unused == ["crm.unused"]
    assert report.describe().endswith("OK: 6 task(s), 5 task type(s) checked")


def test_missing_handler_is_reported_with_the_elements_using_it() -> None:
    integrations = [_integration("hubspot", "crm", "crm.create-contact")]
    report = check_task_types(FIXTURES / "bpmn", integrations)
    assert not report.ok
    assert sorted(report.missing) == [
        "messaging.send-whatsapp",
        "payments.notify-accounting",
        "payments.record-payment",
    ]
    assert "missing handler for 'payments.record-payment'" in report.describe()
    assert "record-payment.bpmn#RecordPayment" in report.describe()


def test_duplicate_handlers_fail_the_check() -> None:
    integrations = [
        _integration("hubspot", "crm", "crm.create-contact", "messaging.send-whatsapp"),
        _integration("whatsapp", "messaging", "messaging.send-whatsapp"),
        _integration("stripe", "payments", "payments.record-payment", "payments.notify-accounting"),
    ]
    report = check_task_types(FIXTURES / "bpmn", integrations)
    assert report.duplicated == {"messaging.send-whatsapp": ["hubspot", "whatsapp"]}
    assert not report.ok


def test_empty_folder_is_trivially_ok(tmp_path: Path) -> None:
    report = check_task_types(tmp_path, [])
    assert report.ok and report.uses == ()


def test_malformed_model_names_the_file() -> None:
    with pytest.raises(ValueError, match=r"broken\.bpmn"):
        task_types_in_bpmn(FIXTURES / "bpmn-malformed")


def test_registry_rejects_a_second_handler_for_a_task_type() -> None:
    with pytest.raises(DuplicateHandlerError, match=r"crm\.create-contact in hubspot, salesforce"):
        Registry(
            [
                _integration("hubspot", "crm", "crm.create-contact"),
                _integration("salesforce", "crm", "crm.create-contact"),
            ]
        )


def test_registry_selects_integrations_by_group() -> None:
    registry = Registry(
        [
            _integration("hubspot", "crm", "crm.create-contact"),
            _integration("whatsapp", "messaging", "messaging.send-whatsapp"),
            _integration("manychat", "messaging", "messaging.send-content"),
        ]
    )
    assert registry.groups == ("crm", "messaging")
    assert [i.name for i in registry.select(["messaging"])] == ["whatsapp", "manychat"]
    assert len(registry.select([])) == 3
    assert registry.handlers["messaging.send-content"] == "manychat"
    with pytest.raises(UnknownGroupError, match="unknown worker group"):
        registry.select(["billing"])


def test_integration_task_declares_timeout_and_options() -> None:
    integration = Integration("hubspot", group="crm")

    @integration.task("crm.slow", max_running_jobs=4, idempotent=False)
    async def slow(email: str) -> None:
        return None

    task = integration.router.get_task("crm.slow")
    assert task.config.timeout_ms == 60_000
    assert task.config.max_running_jobs == 4
    assert list(task.config.variables_to_fetch or []) == ["email"]


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such folder"):
        check_task_types(tmp_path / "bpmn", [])
