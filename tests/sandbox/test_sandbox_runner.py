import json
import shlex

import httpx
import pytest

from sandbox import api_specs, resolve_apis, run_sandbox
from sandbox.hubspot import HubSpotEmulator

DOCUMENTED_VARIABLES = {
    "HUBSPOT_BASE_URL",
    "HUBSPOT_TOKEN",
    "MANYCHAT_BASE_URL",
    "MANYCHAT_TOKEN",
    "STRIPE_BASE_URL",
    "STRIPE_API_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "GOOGLE_SHEETS_BASE_URL",
    "GOOGLE_DOCS_BASE_URL",
    "GOOGLE_OAUTH_TOKEN_URL",
    "GOOGLE_SERVICE_ACCOUNT_JSON",
    "OPENAI_BASE_URL",
    "OPENAI_API_KEY",
    "WHATSAPP_BASE_URL",
    "WHATSAPP_API_VERSION",
    "WHATSAPP_TOKEN",
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_APP_SECRET",
    "FLOWABLE_BASE_URL",
    "FLOWABLE_USER",
    "FLOWABLE_PASSWORD",
    "OPENRPA_BASE_URL",
    "OPENRPA_TOKEN",
    "OPENRPA_CALLBACK_SECRET",
}


async def test_all_emulators_start_on_their_own_ports_and_export_the_client_environment() -> None:
    async with run_sandbox() as sandbox:
        environment = sandbox.environment()
        assert set(environment) >= DOCUMENTED_VARIABLES
        ports = {url.split(":")[2].split("/")[0] for url in sandbox.base_urls.values()}
        assert len(ports) == len(api_specs())
        assert environment["OPENAI_BASE_URL"].endswith("/v1")
        assert environment["FLOWABLE_BASE_URL"].endswith("/flowable-rest/service")
        key_file = json.loads(environment["GOOGLE_SERVICE_ACCOUNT_JSON"])
        assert key_file["token_uri"] == environment["GOOGLE_OAUTH_TOKEN_URL"]
        async with httpx.AsyncClient() as client:
            for name, origin in sandbox.origins.items():
                assert sandbox.base_urls[name].startswith(origin)
                state = (await client.get(origin + "/__sandbox/state")).json()
                assert state["api"] == name
        assert "hubspot" in sandbox.table()
        lines = sandbox.dotenv().splitlines()
        assert len(lines) == len(environment)
        assert shlex.split(next(line for line in lines if line.startswith("GOOGLE_SERVICE_ACCOUNT_JSON=")))[
            0
        ] == ("GOOGLE_SERVICE_ACCOUNT_JSON=" + environment["GOOGLE_SERVICE_ACCOUNT_JSON"])


async def test_requested_apis_bring_what_they_require() -> None:
    assert resolve_apis(["google_sheets"], api_specs()) == ["google_oauth", "google_sheets"]
    with pytest.raises(ValueError, match="unknown sandbox APIs: nope"):
        resolve_apis(["nope"], api_specs())


async def test_state_and_reset_from_python() -> None:
    async with run_sandbox(["hubspot"]) as sandbox:
        hubspot = sandbox.emulator("hubspot", HubSpotEmulator)
        hubspot.seed_contact({"email": "seeded@example.com"})
        assert len(sandbox.state("hubspot")["state"]["contacts"]) == 1
        sandbox.reset("hubspot")
        assert sandbox.state("hubspot")["state"]["contacts"] == []
        with pytest.raises(TypeError):
            sandbox.emulator("hubspot", str)  # type: ignore[type-var]


async def test_fixed_ports_are_used_when_given() -> None:
    async with run_sandbox(["manychat"]) as first:
        taken = int(first.base_urls["manychat"].rsplit(":", 1)[1])
    async with run_sandbox(["manychat"], ports={"manychat": taken}) as second:
        assert second.base_urls["manychat"].endswith(f":{taken}")
