"""FleetDatabase on real SQLite files and a real PostgreSQL schema: upserts by business key, reads."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from workers.integrations.persistence import (
    LEADS,
    PAYMENTS,
    TICKETS,
    FleetDatabase,
    LeadRecord,
    PaymentRecord,
    TicketRecord,
)


async def count_rows(database: FleetDatabase, table: object) -> int:
    async with database.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]


async def test_save_lead_inserts_then_updates_the_same_email(database: FleetDatabase) -> None:
    first = await database.save_lead(
        LeadRecord(email="Jane@Example.com", first_name="Jane", source="manychat", lead_score=40)
    )
    second = await database.save_lead(
        LeadRecord(email=" jane@example.COM ", last_name="Doe", hubspot_contact_id="901", lead_score=75)
    )

    assert first.is_new and not second.is_new
    assert second.id == first.id
    assert await count_rows(database, LEADS) == 1
    stored = await database.get_lead("JANE@example.com")
    assert stored == LeadRecord(
        email="jane@example.com",
        first_name="Jane",
        last_name="Doe",
        source="manychat",
        hubspot_contact_id="901",
        lead_score=75,
    )


async def test_concurrent_saves_of_one_lead_leave_one_row(database: FleetDatabase) -> None:
    results = await asyncio.gather(
        *(database.save_lead(LeadRecord(email="race@example.com", lead_score=score)) for score in range(8))
    )

    assert len({saved.id for saved in results}) == 1
    assert await count_rows(database, LEADS) == 1


async def test_save_payment_upserts_by_payment_intent_and_latest_status_wins(database: FleetDatabase) -> None:
    created = await database.save_payment(
        PaymentRecord("pi_1", "processing", customer_id="cus_1", amount_minor=4999, currency="EUR")
    )
    updated = await database.save_payment(
        PaymentRecord("pi_1", "succeeded", customer_email="Buyer@Example.com")
    )

    assert created.is_new and not updated.is_new and created.id == updated.id
    assert await database.get_payment("pi_1") == PaymentRecord(
        "pi_1",
        "succeeded",
        customer_id="cus_1",
        customer_email="buyer@example.com",
        amount_minor=4999,
        currency="eur",
    )
    assert await count_rows(database, PAYMENTS) == 1


async def test_payment_history_counts_succeeded_payments_of_the_customer(database: FleetDatabase) -> None:
    for intent, status, customer, email, amount in [
        ("pi_a", "succeeded", "cus_1", None, 1000),
        ("pi_b", "succeeded", None, "loyal@example.com", 2500),
        ("pi_c", "failed", "cus_1", None, 9999),
        ("pi_d", "succeeded", "cus_2", None, 700),
        ("pi_now", "succeeded", "cus_1", "loyal@example.com", 300),
    ]:
        await database.save_payment(PaymentRecord(intent, status, customer, email, amount, "eur"))

    history = await database.payment_history(
        customer_id="cus_1", customer_email="LOYAL@example.com", excluding_payment_intent_id="pi_now"
    )
    by_id_only = await database.payment_history(customer_id="cus_1")
    stranger = await database.payment_history(customer_email="new@example.com")

    assert (history.count, history.total_minor) == (2, 3500)
    assert history.last_payment_at is not None and history.last_payment_at.tzinfo is not None
    assert (by_id_only.count, by_id_only.total_minor) == (2, 1300)
    assert (stranger.count, stranger.total_minor, stranger.last_payment_at) == (0, 0, None)


async def test_save_ticket_keeps_exact_amounts_and_fills_in_later_fields(database: FleetDatabase) -> None:
    created = await database.save_ticket(
        TicketRecord(
            "TCK-1",
            customer_phone="4915112345678",
            vendor_name="Bäckerei Schmidt",
            receipt_date=date(2024, 3, 15),
            total_amount=Decimal("1234.56"),
            tax_amount=Decimal("197.11"),
            currency="eur",
            ocr_confidence=0.87,
            receipt_document_id="whatsapp/m1.jpg",
        )
    )
    approved = await database.save_ticket(
        TicketRecord("TCK-1", status="approved", accounting_document_id="accounting/TCK-1/abc.pdf")
    )

    assert created.is_new and not approved.is_new and approved.id == created.id
    ticket = await database.get_ticket("TCK-1")
    assert ticket is not None
    assert (ticket.status, ticket.vendor_name, ticket.receipt_date) == (
        "approved",
        "Bäckerei Schmidt",
        date(2024, 3, 15),
    )
    assert (ticket.total_amount, ticket.tax_amount, ticket.currency) == (
        Decimal("1234.56"),
        Decimal("197.11"),
        "EUR",
    )
    assert (ticket.ocr_confidence, ticket.receipt_document_id) == (0.87, "whatsapp/m1.jpg")
    assert ticket.accounting_document_id == "accounting/TCK-1/abc.pdf"
    assert ticket.created_at is not None and ticket.updated_at is not None
    assert ticket.updated_at >= ticket.created_at
    assert await count_rows(database, TICKETS) == 1


async def test_a_new_ticket_without_status_is_received(database: FleetDatabase) -> None:
    await database.save_ticket(TicketRecord("TCK-2"))

    ticket = await database.get_ticket("TCK-2")
    assert ticket is not None and ticket.status == "received"
    assert await database.get_ticket("TCK-unknown") is None
