"""``fleet demo``: signed sample events for the five flows through the ingress, user tasks driven through the REST
API v2, and a table of outcomes read from the engine (REST search) and the emulators (``/__sandbox/state``).

Everything goes over HTTP, as the providers and people would: the demo only needs a :class:`DevSession`.
Timers are not waited for: an instance parked at one (the warm lead's 4-hour follow-up) is reported as waiting
there, which is the truth.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import hmac
import json
import secrets
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx

from sandbox.google_sheets import DEFAULT_SPREADSHEET_ID
from sandbox.stripe import stripe_signature
from sandbox.whatsapp import hub_signature
from workers.dev.session import DevSession

__all__ = ["TIMER_WAITS", "DemoError", "DemoOutcome", "FlowOutcome", "run_demo"]

TIMER_WAITS: dict[str, str] = {
    "WaitForFollowUp": "timer followUpAfter (PT4H)",
}
"""Elements where an instance waits for a timer (not for the demo): reported as waiting, not awaited."""

EXPECTED_INSTANCES = 9
"""Instances the demo's events start: 3 leads, 1 HubSpot change, 3 payments, 1 WhatsApp photo, 1 approval."""

_USER_TASK_ANSWERS: dict[str, dict[str, Any]] = {
    "ReviewPayment": {"reviewApproved": True},
    "ReviewPaymentEscalated": {"reviewApproved": True},
    "ApproveRequest": {"approvalGranted": True},
    "ResolveBotRun": {"resolutionNote": "done by hand (demo)"},
    "CorrectReceipt": {
        "vendorName": "CAFE CENTRAL",
        "receiptDate": "2026-03-02",
        "totalAmount": 5.7,
        "taxAmount": 0.52,
        "currency": "EUR",
    },
}
"""How the demo's reviewer answers each user task it finds."""


class DemoError(Exception):
    """A sample event was refused, or an API the demo needs did not answer as expected."""


@dataclasses.dataclass(frozen=True)
class FlowOutcome:
    """Instances of one flow that took one path."""

    flow: str
    path: str
    completed: int
    waiting: int
    waiting_at: str
    incidents: int


@dataclasses.dataclass(frozen=True)
class DemoOutcome:
    """What the demo's events led to."""

    flows: list[FlowOutcome]
    totals: dict[str, int]
    """What the demo added to the emulators (HubSpot contacts, ManyChat messages, sheet rows, documents, bot
    runs, ...): their state outlives a ``fleet dev``, so the figures are counted from before the demo."""
    settled: bool
    """Every instance finished, has an incident, or waits at a timer (False: the demo timed out)."""
    tasks_completed: list[str]
    """The user tasks the demo completed (element ids)."""

    @property
    def ok(self) -> bool:
        """Settled without incidents."""
        return self.settled and not any(row.incidents for row in self.flows)

    def count(self, flow: str, path: str) -> tuple[int, int]:
        """(completed, waiting) instances of ``flow`` that took ``path``."""
        for row in self.flows:
            if (row.flow, row.path) == (flow, path):
                return row.completed, row.waiting
        return 0, 0

    def table(self) -> str:
        """The outcome table as plain text."""
        rows = [("flow", "path", "completed", "waiting", "incidents")]
        for item in self.flows:
            waiting = f"{item.waiting} at {item.waiting_at}" if item.waiting else "0"
            rows.append((item.flow, item.path, str(item.completed), waiting, str(item.incidents)))
        lines = _columns(rows)
        lines.append("")
        lines += _columns([("figure", "value"), *((name, str(value)) for name, value in self.totals.items())])
        if self.tasks_completed:
            lines.append("")
            lines.append("user tasks completed through the REST API: " + ", ".join(self.tasks_completed))
        if not self.settled:
            lines.append("NOT SETTLED: some instances were still running when the demo stopped waiting")
        return "\n".join(lines)


def _columns(rows: Sequence[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


async def _checked(response: httpx.Response, what: str, *expected: int) -> httpx.Response:
    if response.status_code not in (expected or (200,)):
        raise DemoError(f"{what}: HTTP {response.status_code} {response.text[:300]}")
    return response


class _Demo:
    """One demo run against a running dev stack."""

    def __init__(self, session: DevSession, http: httpx.AsyncClient, say: Callable[[str], None]) -> None:
        self.session = session
        self.http = http
        self.say = say
        self.tag = secrets.token_hex(3)
        self.secret = session.secrets

    # --- sending events through the ingress -------------------------------------------------------------
    async def _ingress(self, path: str, body: bytes, headers: Mapping[str, str], what: str) -> None:
        response = await self.http.post(
            self.session.ingress_url + path,
            content=body,
            headers={"Content-Type": "application/json", **headers},
        )
        await _checked(response, what, 200, 202)
        answer = response.json()
        results = [message.get("result") for message in answer.get("messages", [])]
        self.say(f"  {what}: {response.status_code} {answer.get('status')} {results}")

    async def _admin(self, api: str, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        response = await self.http.post(f"{self.session.emulators[api]}/__sandbox{path}", json=dict(body))
        await _checked(response, f"{api} emulator {path}", 200, 201)
        document: dict[str, Any] = response.json()
        return document

    async def manychat_leads(self) -> None:
        leads = (
            ("hot", "Lucía", "premium", "ES", 85),
            ("warm", "Diego", "basic", "ES", 30),
            ("cold", "Hanna", None, "DE", 5),
        )
        for label, first_name, interest, country, score in leads:
            email = f"{first_name.lower().replace('í', 'i')}.{self.tag}@example.com"
            subscriber = await self._admin(
                "manychat",
                "/manychat/subscribers",
                {"first_name": first_name, "last_name": "Demo", "email": email},
            )
            custom: dict[str, Any] = {"country": country, "engagement_score": score}
            if interest is not None:
                custom["product_interest"] = interest
            body = json.dumps(
                {
                    "id": subscriber["id"],
                    "first_name": first_name,
                    "last_name": "Demo",
                    "email": email,
                    "phone": "+34600111222",
                    "custom_fields": custom,
                }
            ).encode()
            headers = {"X-Fleet-Webhook-Secret": self.secret["MANYCHAT_WEBHOOK_SECRET"]}
            await self._ingress("/webhooks/manychat", body, headers, f"ManyChat lead ({label})")

    async def hubspot_change(self) -> None:
        subscriber = await self._admin(
            "manychat",
            "/manychat/subscribers",
            {"first_name": "Marta", "last_name": "Demo", "email": f"marta.{self.tag}@example.com"},
        )
        created = await self.http.post(
            f"{self.session.base_urls['hubspot']}/crm/v3/objects/contacts",
            headers={"Authorization": f"Bearer {self.secret['HUBSPOT_TOKEN']}"},
            json={
                "properties": {
                    "email": f"marta.{self.tag}@example.com",
                    "firstname": "Marta",
                    "interés_producto": "premium",
                    "manychat_user_id": str(subscriber["id"]),
                }
            },
        )
        await _checked(created, "HubSpot contact create", 201)
        contact_id = int(created.json()["id"])
        event = {
            "eventId": int(time.time() * 1000) % 10**12,
            "subscriptionId": 1,
            "portalId": 1,
            "occurredAt": int(time.time() * 1000),
            "subscriptionType": "contact.propertyChange",
            "attemptNumber": 0,
            "objectId": contact_id,
            "propertyName": "interés_producto",
            "propertyValue": "premium",
            "changeSource": "CRM_UI",
        }
        body = json.dumps([event]).encode()
        url = self.session.ingress_url + "/webhooks/hubspot"
        timestamp = str(int(time.time() * 1000))
        digest = hmac.new(
            self.secret["HUBSPOT_CLIENT_SECRET"].encode(),
            b"POST" + url.encode() + body + timestamp.encode(),
            hashlib.sha256,
        ).digest()
        headers = {
            "X-HubSpot-Signature-v3": base64.b64encode(digest).decode(),
            "X-HubSpot-Request-Timestamp": timestamp,
        }
        await self._ingress("/webhooks/hubspot", body, headers, "HubSpot contact change")

    async def _stripe(self, method: str, path: str, data: Mapping[str, str] | None = None) -> dict[str, Any]:
        response = await self.http.request(
            method,
            self.session.base_urls["stripe"] + path,
            data=dict(data) if data is not None else None,
            params=None if data is not None else {"type": "payment_intent.succeeded", "limit": "100"},
            headers={"Authorization": f"Bearer {self.secret['STRIPE_API_KEY']}"},
        )
        await _checked(response, f"Stripe {method} {path}")
        document: dict[str, Any] = response.json()
        return document

    async def stripe_payments(self) -> None:
        for label, amount in (("approve", 4_900), ("review", 250_000), ("reject", 1_000_000)):
            customer = await self._stripe(
                "POST", "/v1/customers", {"email": f"ana.{label}.{self.tag}@example.com", "name": "Ana Demo"}
            )
            intent = await self._stripe(
                "POST",
                "/v1/payment_intents",
                {
                    "amount": str(amount),
                    "currency": "eur",
                    "customer": str(customer["id"]),
                    "receipt_email": f"ana.{label}.{self.tag}@example.com",
                    "payment_method": "pm_card_visa",
                    "confirm": "true",
                },
            )
            events = await self._stripe("GET", "/v1/events")
            matching = [
                event for event in events["data"] if event["data"]["object"].get("id") == intent["id"]
            ]
            if not matching:
                raise DemoError(
                    f"the Stripe emulator has no payment_intent.succeeded event for {intent['id']}"
                )
            body = json.dumps(matching[0]).encode()
            signature = stripe_signature(self.secret["STRIPE_WEBHOOK_SECRET"], body, int(time.time()))
            await self._ingress(
                "/webhooks/stripe",
                body,
                {"Stripe-Signature": signature},
                f"Stripe payment {amount / 100:.2f} EUR ({label})",
            )

    async def whatsapp_receipt(self) -> None:
        payload = await self._admin(
            "whatsapp",
            "/whatsapp/inbound",
            {
                "from": "34600999888",
                "name": "Pablo Demo",
                "caption": "ticket almuerzo",
                "receipt": {
                    "merchant": "CAFE CENTRAL",
                    "date": "2026-03-02",
                    "items": [["Coffee", 350], ["Croissant", 220]],
                },
            },
        )
        body = json.dumps(payload).encode()
        signature = hub_signature(self.secret["WHATSAPP_APP_SECRET"], body)
        await self._ingress(
            "/webhooks/whatsapp", body, {"X-Hub-Signature-256": signature}, "WhatsApp receipt photo"
        )

    async def approval_request(self) -> None:
        body = json.dumps(
            {
                "requestId": f"REQ-{self.tag}",
                "requestedBy": "carlos@example.com",
                "subject": "Invoice 2026-118",
                "amount": 1840.5,
                "rpaQueue": "invoice-entry",
                "rpaPayload": {"invoice": "2026-118", "amount": 1840.5},
            }
        ).encode()
        headers = {"X-Fleet-Webhook-Secret": self.secret["FLEET_APPROVALS_SECRET"]}
        await self._ingress("/approvals", body, headers, "approval request")

    # --- reading the engine -----------------------------------------------------------------------------
    async def _search(self, path: str, query: Mapping[str, Any]) -> list[dict[str, Any]]:
        response = await self.http.post(
            f"{self.session.rest_url}{path}", json={**query, "page": {"limit": 10_000}}
        )
        await _checked(response, f"REST {path}")
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def instance_keys(self) -> set[str]:
        """Keys of every process instance the engine knows."""
        return {item["processInstanceKey"] for item in await self._search("/process-instances/search", {})}

    async def complete_open_tasks(self, instances: set[str], done: list[str]) -> None:
        for task in await self._search("/user-tasks/search", {"filter": {"state": "CREATED"}}):
            if task["processInstanceKey"] not in instances or task["elementId"] not in _USER_TASK_ANSWERS:
                continue
            answer = _USER_TASK_ANSWERS[task["elementId"]]
            response = await self.http.post(
                f"{self.session.rest_url}/user-tasks/{task['userTaskKey']}/completion",
                json={"variables": answer},
            )
            await _checked(response, f"completing user task {task['elementId']}", 204)
            done.append(task["elementId"])
            self.say(f"  user task {task['elementId']} completed through the REST API: {answer}")

    async def active_elements(self, key: str) -> list[str]:
        items = await self._search(
            "/element-instances/search", {"filter": {"processInstanceKey": key, "state": "ACTIVE"}}
        )
        return [item["elementId"] for item in items if item["type"] not in ("PROCESS", "SUB_PROCESS")]

    async def root_variables(self, key: str) -> dict[str, Any]:
        items = await self._search(
            "/variables/search", {"filter": {"processInstanceKey": key, "scopeKey": key}}
        )
        return {item["name"]: json.loads(item["value"]) for item in items}


def _path(flow: str, variables: Mapping[str, Any]) -> str:
    def text(name: str) -> str:
        value = variables.get(name)
        return "-" if value is None else str(value)

    if flow == "lead-intake":
        follow_up = variables.get("leadFollowUp")
        return text("leadRoute") + (f" / {follow_up}" if follow_up else "")
    if flow == "hubspot-lead-to-manychat":
        sync = variables.get("manychatSync")
        if isinstance(sync, dict):
            return str(sync.get("status")) + (f" / {sync['reason']}" if sync.get("reason") else "")
        return "-"
    if flow == "stripe-payment":
        return f"{text('approval')} / {text('paymentStatus')}"
    if flow == "whatsapp-ticket":
        return text("ticketReply")
    if flow == "approval-rpa":
        return text("approvalOutcome")
    return "-"


async def _emulator_totals(demo: _Demo, documents: int) -> dict[str, int]:
    async def state(api: str) -> dict[str, Any]:
        response = await demo.http.get(f"{demo.session.emulators[api]}/__sandbox/state")
        await _checked(response, f"{api} state")
        document: dict[str, Any] = response.json()["state"]
        return document

    hubspot, manychat, whatsapp = await state("hubspot"), await state("manychat"), await state("whatsapp")
    sheets, docs, openrpa = await state("google_sheets"), await state("google_docs"), await state("openrpa")
    spreadsheet = sheets["spreadsheets"].get(DEFAULT_SPREADSHEET_ID, {"sheets": {}})
    totals = {
        "HubSpot contacts": len(hubspot["contacts"]),
        "ManyChat messages sent": len(manychat["sent"]),
        "WhatsApp messages sent": len(whatsapp["sent"]),
    }
    for sheet, rows in spreadsheet["sheets"].items():
        totals[f"sheet rows ({sheet})"] = sum(
            1 for row in rows if any(cell not in ("", None) for cell in row)
        )
    totals["accounting documents (PDF)"] = documents
    totals["Google Docs documents"] = len(docs["documents"])
    states = Counter(str(item["state"]) for item in openrpa["workitems"])
    totals["bot runs"] = len(openrpa["workitems"])
    for bot_state, count in sorted(states.items()):
        totals[f"bot runs {bot_state}"] = count
    return totals


async def run_demo(
    session: DevSession,
    *,
    wait_limit: float = 120.0,
    say: Callable[[str], None] = print,
) -> DemoOutcome:
    """Send the sample events, drive the user tasks until every instance has settled, and report."""
    async with httpx.AsyncClient(timeout=15) as http:
        demo = _Demo(session, http, say)
        before = await demo.instance_keys()
        totals_before = await _emulator_totals(demo, 0)
        say("demo: sending signed sample events through the ingress " + session.ingress_url)
        await demo.manychat_leads()
        await demo.hubspot_change()
        await demo.stripe_payments()
        await demo.whatsapp_receipt()
        await demo.approval_request()

        say("demo: waiting for the flows (user tasks are completed through the REST API v2)")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_limit
        tasks_done: list[str] = []
        settled = False
        last_report = ""
        ours: set[str] = set()
        while True:
            ours = await demo.instance_keys() - before
            await demo.complete_open_tasks(ours, tasks_done)
            instances = [
                item
                for item in await demo._search("/process-instances/search", {})
                if item["processInstanceKey"] in ours
            ]
            running = []
            for item in instances:
                if item["state"] != "ACTIVE" or item["hasIncident"]:
                    continue
                active = await demo.active_elements(item["processInstanceKey"])
                if not active or not set(active) <= set(TIMER_WAITS):
                    running.append(item["processDefinitionId"])
            report = (
                f"{len(instances) - len(running)}/{EXPECTED_INSTANCES} settled, running: {sorted(running)}"
            )
            if report != last_report:
                say(f"  progress: {report}")
                last_report = report
            if len(instances) >= EXPECTED_INSTANCES and not running:
                settled = True
                break
            if loop.time() > deadline:
                break
            await asyncio.sleep(0.25)

        rows: dict[tuple[str, str], list[Any]] = {}
        documents = 0
        for item in await demo._search("/process-instances/search", {}):
            key = item["processInstanceKey"]
            if key not in ours:
                continue
            flow = str(item["processDefinitionId"])
            variables = await demo.root_variables(key)
            if variables.get("accountingDocumentId"):
                documents += 1
            row = rows.setdefault((flow, _path(flow, variables)), [0, 0, set(), 0])
            if item["state"] == "COMPLETED":
                row[0] += 1
            elif item["state"] == "ACTIVE":
                row[1] += 1
                for element in await demo.active_elements(key):
                    row[2].add(TIMER_WAITS.get(element, element))
            if item["hasIncident"]:
                row[3] += 1
        flows = [
            FlowOutcome(flow, path, row[0], row[1], ", ".join(sorted(row[2])), row[3])
            for (flow, path), row in sorted(rows.items())
        ]
        totals = await _emulator_totals(demo, documents)
        added = {name: value - totals_before.get(name, 0) for name, value in totals.items()}
        return DemoOutcome(flows, added, settled, tasks_done)
