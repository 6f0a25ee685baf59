"""The fleet-db.* tasks run as the fleet runs them (interceptors, validation, idempotency) on real SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from workers.integrations.persistence import (
    DatabaseProvider,
    FleetDatabase,
    LeadRecord,
    PaymentRecord,
    create_fleet_db_integration,
    fleet_db,
)
from workers.runtime import Integration
from workers.testing import JobEnvironment


@pytest.fixture
async def provider(database: FleetDatabase) -> AsyncIterator[DatabaseProvider]:
    """The tasks' database: once a SQLite file, once a PostgreSQL schema (see ``conftest.database``)."""

    async def open_database() -> FleetDatabase:
        return database

    opened = DatabaseProvider(open_database)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def integration(provider: DatabaseProvider) -> Integration:
    return create_fleet_db_integration(provider)


def test_the_fleet_serves_six_task_types_in_the_database_group() -> None:
    assert (fleet_db.name, fleet_db.group) == ("fleet-db", "database")
    assert set(fleet_db.task_types) == {
        "fleet-db.save-lead",
        "fleet-db.save-payment",
        "fleet-db.save-ticket",
        "fleet-db.get-lead",
        "fleet-db.get-payment-history",
        "fleet-db.get-ticket",
    }


async def test_save_lead_reports_new_then_existing(integration: Integration) -> None:
    environment = JobEnvironment()
    first = await environment.run(
        integration,
        "fleet-db.save-lead",
        variables={"email": "lead@example.com", "firstName": "Ann", "leadScore": 10},
    )
    second = await environment.run(
        integration, "fleet-db.save-lead", variables={"email": "LEAD@example.com", "leadScore": 55}
    )

    assert first.kind == second.kind == "completed"
    assert first.variables["leadIsNew"] is True and second.variables["leadIsNew"] is False
    assert first.variables["leadRecordId"] == second.variables["leadRecordId"]


async def test_get_lead_reads_back_what_was_saved(integration: Integration) -> None:
    environment = JobEnvironment()
    await environment.run(
        integration,
        "fleet-db.save-lead",
        variables={
            "email": "Mia@Example.com",
            "firstName": "Mia",
            "manychatUserId": "mc-77",
            "leadScore": 80,
        },
    )

    found = await environment.run(integration, "fleet-db.get-lead", variables={"email": "mia@example.com"})
    missing = await environment.run(
        integration, "fleet-db.get-lead", variables={"email": "nobody@example.com"}
    )

    assert found.variables == {
        "firstName": "Mia",
        "lastName": None,
        "phone": None,
        "leadSource": None,
        "manychatUserId": "mc-77",
        "hubspotContactId": None,
        "leadScore": 80,
    }
    assert missing.kind == "error_thrown" and missing.error_code == "LEAD_NOT_FOUND"


async def test_a_redelivered_job_replays_its_recorded_result(integration: Integration) -> None:
    environment = JobEnvironment()
    job = environment.make_job("fleet-db.save-lead", variables={"email": "again@example.com"})

    first = await environment.run(integration, "fleet-db.save-lead", job=job)
    again = await environment.run(integration, "fleet-db.save-lead", job=job)

    assert (
        first.variables
        == again.variables
        == {"leadRecordId": first.variables["leadRecordId"], "leadIsNew": True}
    )


async def test_invalid_email_is_an_incident(integration: Integration) -> None:
    outcome = await JobEnvironment().run(
        integration, "fleet-db.save-lead", variables={"email": "not-an-email"}
    )

    assert outcome.is_incident
    assert "email" in (outcome.message or "")


async def test_payment_history_feeds_the_approval_decision(
    integration: Integration, provider: DatabaseProvider
) -> None:
    environment = JobEnvironment()
    for intent, status in [("pi_old1", "succeeded"), ("pi_old2", "succeeded"), ("pi_bad", "failed")]:
        saved = await environment.run(
            integration,
            "fleet-db.save-payment",
            variables={
                "paymentIntentId": intent,
                "paymentStatus": status,
                "customerId": "cus_9",
                "amount": 1500,
                "currency": "eur",
            },
        )
        assert saved.kind == "completed", saved.message
    await environment.run(
        integration,
        "fleet-db.save-payment",
        variables={
            "paymentIntentId": "pi_now",
            "paymentStatus": "succeeded",
            "customerId": "cus_9",
            "amount": 99,
        },
    )

    history = await environment.run(
        integration,
        "fleet-db.get-payment-history",
        variables={"customerId": "cus_9", "paymentIntentId": "pi_now"},
    )

    assert history.kind == "completed"
    assert history.variables["customerPaymentCount"] == 2
    assert history.variables["customerPaymentTotal"] == 3000
    assert isinstance(history.variables["customerLastPaymentAt"], str)
    assert await (await provider.get()).get_payment("pi_now") == PaymentRecord(
        "pi_now", "succeeded", "cus_9", None, 99, None
    )


async def test_payment_history_needs_a_customer(integration: Integration) -> None:
    outcome = await JobEnvironment().run(integration, "fleet-db.get-payment-history", variables={})

    assert outcome.is_incident
    assert "customerId or customerEmail" in (outcome.message or "")


async def test_ticket_round_trip_through_the_tasks(integration: Integration) -> None:
    environment = JobEnvironment()
    saved = await environment.run(
        integration,
        "fleet-db.save-ticket",
        variables={
            "ticketId": "TCK-77",
            "customerPhone": "4915112345678",
            "vendorName": "Kiosk am Markt",
            "receiptDate": "2024-12-31",
            "totalAmount": 23.9,
            "taxAmount": 3.82,
            "currency": "EUR",
            "ocrConfidence": 0.91,
            "receiptDocumentId": "whatsapp/x.jpg",
        },
    )
    await environment.run(
        integration, "fleet-db.save-ticket", variables={"ticketId": "TCK-77", "ticketStatus": "approved"}
    )

    read = await environment.run(integration, "fleet-db.get-ticket", variables={"ticketId": "TCK-77"})

    assert saved.kind == "completed" and saved.variables["ticketIsNew"] is True
    assert read.variables == {
        "ticketStatus": "approved",
        "customerPhone": "4915112345678",
        "customerEmail": None,
        "vendorName": "Kiosk am Markt",
        "receiptDate": "2024-12-31",
        "totalAmount": 23.9,
        "taxAmount": 3.82,
        "currency": "EUR",
        "ocrConfidence": 0.91,
        "receiptDocumentId": "whatsapp/x.jpg",
        "accountingDocumentId": None,
        "ticketSubject": None,
        "ticketCategory": None,
        "ticketPriority": None,
        "ticketSummary": None,
    }


async def test_a_support_ticket_keeps_its_triage(integration: Integration) -> None:
    environment = JobEnvironment()
    await environment.run(
        integration,
        "fleet-db.save-ticket",
        variables={"ticketId": "SUP-5", "ticketSubject": "Refund?", "customerEmail": "c@example.com"},
    )
    triaged = await environment.run(
        integration,
        "fleet-db.save-ticket",
        variables={
            "ticketId": "SUP-5",
            "ticketCategory": "billing",
            "ticketPriority": "high",
            "ticketSummary": "Customer asks for a refund of a double charge.",
        },
    )

    read = await environment.run(integration, "fleet-db.get-ticket", variables={"ticketId": "SUP-5"})

    assert triaged.variables["ticketIsNew"] is False
    assert {name: read.variables[name] for name in ("ticketSubject", "ticketCategory", "ticketPriority")} == {
        "ticketSubject": "Refund?",
        "ticketCategory": "billing",
        "ticketPriority": "high",
    }
    assert read.variables["ticketSummary"] == "Customer asks for a refund of a double charge."
    assert read.variables["customerEmail"] == "c@example.com"


async def test_an_unknown_ticket_is_a_bpmn_error(integration: Integration) -> None:
    outcome = await JobEnvironment().run(integration, "fleet-db.get-ticket", variables={"ticketId": "nope"})

    assert outcome.kind == "error_thrown"
    assert outcome.error_code == "TICKET_NOT_FOUND"


async def test_an_unreachable_database_fails_the_job_for_a_retry(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the database folder should be")

    async def open_database() -> FleetDatabase:
        return await FleetDatabase.open(f"sqlite:///{blocked / 'fleet.sqlite3'}")

    integration = create_fleet_db_integration(DatabaseProvider(open_database))
    outcome = await JobEnvironment().run(
        integration, "fleet-db.save-lead", variables={"email": "x@example.com"}, retries=3
    )

    assert outcome.kind == "failed"
    assert outcome.retries == 2


async def test_the_default_provider_reads_the_environment_and_migrates_on_the_first_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLEET_DATABASE_URL", f"sqlite:///{tmp_path / 'env' / 'fleet.sqlite3'}")
    monkeypatch.delenv("FLEET_DATABASE_SCHEMA", raising=False)
    provider = DatabaseProvider()
    try:
        outcome = await JobEnvironment().run(
            create_fleet_db_integration(provider), "fleet-db.save-ticket", variables={"ticketId": "TCK-env"}
        )
        assert outcome.kind == "completed", outcome.message
        ticket = await (await provider.get()).get_ticket("TCK-env")
    finally:
        await provider.close()
    assert ticket is not None and ticket.status == "received"
    assert (tmp_path / "env" / "fleet.sqlite3").is_file()


async def test_the_environment_can_name_a_postgres_schema(
    postgres_url: str, postgres_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLEET_DATABASE_URL", postgres_url)
    monkeypatch.setenv("FLEET_DATABASE_SCHEMA", postgres_schema)
    database = await FleetDatabase.from_environment()
    try:
        saved = await database.save_lead(LeadRecord(email="schema@example.com"))
        assert saved.is_new
    finally:
        await database.close()


async def test_the_provider_opens_the_database_once(tmp_path: Path) -> None:
    opened: list[FleetDatabase] = []

    async def open_database() -> FleetDatabase:
        database = await FleetDatabase.open(f"sqlite:///{tmp_path / 'once.sqlite3'}")
        opened.append(database)
        return database

    provider = DatabaseProvider(open_database)
    results = await asyncio.gather(*(provider.get() for _ in range(5)))
    await provider.close()

    assert len(opened) == 1
    assert all(result is opened[0] for result in results)
