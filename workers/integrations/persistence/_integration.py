"""The ``fleet-db`` tasks: save leads, payments and tickets (upserts), read payment history and tickets."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from workers import BpmnError, Integration
from workers.integrations.persistence._inputs import (
    GetLead,
    GetPaymentHistory,
    GetTicket,
    SaveLead,
    SavePayment,
    SaveTicket,
)
from workers.integrations.persistence._provider import DatabaseProvider
from workers.integrations.persistence._records import LeadRecord, PaymentRecord, TicketRecord

__all__ = ["create_fleet_db_integration", "fleet_db"]

_TIMEOUT = timedelta(seconds=30)


def _number(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount)


def create_fleet_db_integration(provider: DatabaseProvider | None = None) -> Integration:
    """The ``fleet-db`` integration (worker group ``database``) on the database ``provider`` opens."""
    database = provider or DatabaseProvider()
    integration = Integration("fleet-db", group="database")

    @integration.task("fleet-db.save-lead", timeout=_TIMEOUT, input_model=SaveLead)
    async def save_lead(
        *,
        email: str,
        firstName: str | None = None,
        lastName: str | None = None,
        phone: str | None = None,
        leadSource: str | None = None,
        manychatUserId: str | None = None,
        hubspotContactId: str | None = None,
        leadScore: int | None = None,
    ) -> dict[str, Any]:
        """Upsert the lead by e-mail; returns ``leadRecordId`` and ``leadIsNew``."""
        saved = await (await database.get()).save_lead(
            LeadRecord(
                email=email,
                first_name=firstName,
                last_name=lastName,
                phone=phone,
                source=leadSource,
                manychat_user_id=manychatUserId,
                hubspot_contact_id=hubspotContactId,
                lead_score=leadScore,
            )
        )
        return {"leadRecordId": saved.id, "leadIsNew": saved.is_new}

    @integration.task("fleet-db.save-payment", timeout=_TIMEOUT, input_model=SavePayment)
    async def save_payment(
        *,
        paymentIntentId: str,
        paymentStatus: str,
        customerId: str | None = None,
        customerEmail: str | None = None,
        amount: int | None = None,
        currency: str | None = None,
    ) -> dict[str, Any]:
        """Upsert the payment by payment intent id; returns ``paymentRecordId`` and ``paymentIsNew``."""
        saved = await (await database.get()).save_payment(
            PaymentRecord(
                payment_intent_id=paymentIntentId,
                status=paymentStatus,
                customer_id=customerId,
                customer_email=customerEmail,
                amount_minor=amount,
                currency=currency,
            )
        )
        return {"paymentRecordId": saved.id, "paymentIsNew": saved.is_new}

    @integration.task("fleet-db.save-ticket", timeout=_TIMEOUT, input_model=SaveTicket)
    async def save_ticket(
        *,
        ticketId: str,
        ticketStatus: str | None = None,
        customerPhone: str | None = None,
        customerEmail: str | None = None,
        vendorName: str | None = None,
        receiptDate: date | None = None,
        totalAmount: Decimal | None = None,
        taxAmount: Decimal | None = None,
        currency: str | None = None,
        ocrConfidence: float | None = None,
        receiptDocumentId: str | None = None,
        accountingDocumentId: str | None = None,
        ticketSubject: str | None = None,
        ticketCategory: str | None = None,
        ticketPriority: str | None = None,
        ticketSummary: str | None = None,
    ) -> dict[str, Any]:
        """Upsert the ticket by ticket id (receipt fields, documents, support triage); returns
        ``ticketRecordId`` and ``ticketIsNew``. Variables left out keep their stored values."""
        saved = await (await database.get()).save_ticket(
            TicketRecord(
                ticket_id=ticketId,
                status=ticketStatus,
                customer_phone=customerPhone,
                customer_email=customerEmail,
                vendor_name=vendorName,
                receipt_date=receiptDate,
                total_amount=totalAmount,
                tax_amount=taxAmount,
                currency=currency,
                ocr_confidence=ocrConfidence,
                receipt_document_id=receiptDocumentId,
                accounting_document_id=accountingDocumentId,
                subject=ticketSubject,
                category=ticketCategory,
                priority=ticketPriority,
                summary=ticketSummary,
            )
        )
        return {"ticketRecordId": saved.id, "ticketIsNew": saved.is_new}

    @integration.task(
        "fleet-db.get-payment-history", timeout=_TIMEOUT, input_model=GetPaymentHistory, idempotent=False
    )
    async def get_payment_history(
        *,
        customerId: str | None = None,
        customerEmail: str | None = None,
        paymentIntentId: str | None = None,
    ) -> dict[str, Any]:
        """Succeeded payments of the customer other than ``paymentIntentId`` (the one being decided on)."""
        history = await (await database.get()).payment_history(
            customer_id=customerId or None,
            customer_email=customerEmail or None,
            excluding_payment_intent_id=paymentIntentId,
        )
        return {
            "customerPaymentCount": history.count,
            "customerPaymentTotal": history.total_minor,
            "customerLastPaymentAt": history.last_payment_at.isoformat() if history.last_payment_at else None,
        }

    @integration.task("fleet-db.get-lead", timeout=_TIMEOUT, input_model=GetLead, idempotent=False)
    async def get_lead(*, email: str) -> dict[str, Any]:
        """The stored lead's fields; BPMN error ``LEAD_NOT_FOUND`` when there is none."""
        lead = await (await database.get()).get_lead(email)
        if lead is None:
            raise BpmnError("LEAD_NOT_FOUND", "no lead with this e-mail address in the fleet database")
        return {
            "firstName": lead.first_name,
            "lastName": lead.last_name,
            "phone": lead.phone,
            "leadSource": lead.source,
            "manychatUserId": lead.manychat_user_id,
            "hubspotContactId": lead.hubspot_contact_id,
            "leadScore": lead.lead_score,
        }

    @integration.task("fleet-db.get-ticket", timeout=_TIMEOUT, input_model=GetTicket, idempotent=False)
    async def get_ticket(*, ticketId: str) -> dict[str, Any]:
        """The stored ticket's fields; BPMN error ``TICKET_NOT_FOUND`` when there is none."""
        ticket = await (await database.get()).get_ticket(ticketId)
        if ticket is None:
            raise BpmnError("TICKET_NOT_FOUND", f"no ticket {ticketId!r} in the fleet database")
        return {
            "ticketStatus": ticket.status,
            "customerPhone": ticket.customer_phone,
            "customerEmail": ticket.customer_email,
            "vendorName": ticket.vendor_name,
            "receiptDate": ticket.receipt_date.isoformat() if ticket.receipt_date else None,
            "totalAmount": _number(ticket.total_amount),
            "taxAmount": _number(ticket.tax_amount),
            "currency": ticket.currency,
            "ocrConfidence": ticket.ocr_confidence,
            "receiptDocumentId": ticket.receipt_document_id,
            "accountingDocumentId": ticket.accounting_document_id,
            "ticketSubject": ticket.subject,
            "ticketCategory": ticket.category,
            "ticketPriority": ticket.priority,
            "ticketSummary": ticket.summary,
        }

    return integration


fleet_db = create_fleet_db_integration()
"""The integration ``fleet run`` serves: ``FLEET_DATABASE_URL``, opened and migrated on the first job."""
