"""The API integrations together: names, groups and task options follow the fleet's conventions."""

from __future__ import annotations

import re

from workers.integrations.flowable import flowable
from workers.integrations.google_sheets import google_sheets
from workers.integrations.hubspot import hubspot
from workers.integrations.manychat import manychat
from workers.integrations.openai import openai
from workers.integrations.rpa import rpa
from workers.integrations.stripe import stripe
from workers.integrations.whatsapp import whatsapp
from workers.runtime import Registry, options_of

API_INTEGRATIONS = (hubspot, manychat, stripe, google_sheets, openai, whatsapp, rpa, flowable)
TASK_TYPE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def test_every_task_type_is_unique_and_named_integration_dot_action() -> None:
    registry = Registry(API_INTEGRATIONS)
    assert len(registry.handlers) == 19
    for integration in API_INTEGRATIONS:
        for task_type in integration.task_types:
            assert TASK_TYPE.match(task_type), task_type
            assert task_type.split(".")[0] == integration.name


def test_groups_are_integration_families() -> None:
    groups = {integration.name: integration.group for integration in API_INTEGRATIONS}
    assert groups == {
        "hubspot": "crm",
        "manychat": "messaging",
        "whatsapp": "messaging",
        "stripe": "payments",
        "google-sheets": "documents",
        "openai": "ai",
        "rpa": "rpa",
        "flowable": "rpa",
    }


def test_every_task_validates_its_input_and_side_effects_go_through_the_idempotency_store() -> None:
    reads = {
        "hubspot.get-contact",
        "hubspot.search-contacts",
        "manychat.find-subscriber",
        "stripe.get-payment-intent",
        "stripe.get-charge",
        "stripe.get-customer",
    }
    for integration in API_INTEGRATIONS:
        for task in integration.router.tasks:
            options = options_of(task.original_function)
            assert options.input_model is not None, task.type
            assert options.idempotent == (task.type not in reads), task.type
