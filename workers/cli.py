"""``fleet``: the command line of the worker fleet."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from workers.dev.cli import add_dev_parsers, run_demo_command, run_dev
from workers.ingress import IngressSettingsError, load_ingress_settings, serve_ingress
from workers.runtime import (
    Integration,
    Registry,
    SettingsError,
    StartupError,
    UnknownGroupError,
    WorkerApp,
    check_task_types,
    configure_logging,
    load_settings,
)
from workers.tasks_cli import add_tasks_parser, run_tasks

__all__ = ["main"]

DEFAULT_INTEGRATIONS = "workers.integrations:INTEGRATIONS"

_ENVIRONMENT_HELP = """\
environment (read once at start; invalid values stop the process with a list of problems):
  ZEEBE_ADDRESS                    gateway host:port (default localhost:26500)
  ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET, ZEEBE_AUTHORIZATION_SERVER_URL, ZEEBE_TOKEN_AUDIENCE, ZEEBE_TOKEN_SCOPE
                                   OAuth client credentials (CAMUNDA_CLIENT_ID, CAMUNDA_CLIENT_SECRET,
                                   CAMUNDA_OAUTH_URL, CAMUNDA_TOKEN_AUDIENCE are accepted too)
  CAMUNDA_CLUSTER_ID, CAMUNDA_CLUSTER_REGION
                                   Camunda SaaS cluster (region default bru-2)
  ZEEBE_CA_CERTIFICATE_PATH        CA bundle for TLS
  FLEET_CHANNEL                    auto|insecure|tls|oauth|saas (auto: saas > oauth > tls > insecure)
  FLEET_GROUPS                     comma-separated worker groups (default: all; --group overrides)
  FLEET_MAX_RUNNING_JOBS           jobs run at once per task type (default 32)
  FLEET_MAX_JOBS_TO_ACTIVATE       jobs asked for per poll (default 32)
  FLEET_REQUEST_TIMEOUT            long-poll duration, seconds or ISO 8601 (default 30)
  FLEET_STREAM_ENABLED             also use job streaming, with backpressure (default false)
  FLEET_STREAM_TIMEOUT             reopen streams after this long (default 3600)
  FLEET_SHUTDOWN_GRACE             on SIGTERM, wait this long for jobs in flight (default 30)
  FLEET_HEALTH_HOST, FLEET_HEALTH_PORT
                                   /healthz /readyz /metrics server (default 0.0.0.0:8080)
  FLEET_DATABASE_URL               idempotency store: sqlite:///path or postgresql://... (default
                                   sqlite:///.data/fleet.sqlite3)
  FLEET_IDEMPOTENCY_TABLE, FLEET_IDEMPOTENCY_SCHEMA, FLEET_IDEMPOTENCY_RETENTION (default 7 days)
  FLEET_RETRY_BACKOFF_INITIAL, FLEET_RETRY_BACKOFF_MAX
                                   back-off sent with failed jobs (default 1 s growing to 300 s)
  FLEET_RECONNECT_BACKOFF_INITIAL, FLEET_RECONNECT_BACKOFF_MAX
                                   back-off after gateway errors (default 0.1 s growing to 30 s)
  FLEET_WORKER_NAME, FLEET_TENANT_IDS, FLEET_LOG_LEVEL (INFO), FLEET_LOG_FORMAT (json|console)
  FLEET_LOG_JOB_COMPLETIONS        an INFO line per successful job (default false: DEBUG; failures and
                                   BPMN errors are always logged)
"""

_INGRESS_ENVIRONMENT_HELP = """\
environment (read once at start; an endpoint whose secret is unset answers 503):
  ZEEBE_ADDRESS and the other gateway settings of `fleet run`
  MANYCHAT_WEBHOOK_SECRET          X-Fleet-Webhook-Secret of POST /webhooks/manychat
  HUBSPOT_CLIENT_SECRET            v3 signatures of POST /webhooks/hubspot
  STRIPE_WEBHOOK_SECRET            Stripe-Signature of POST /webhooks/stripe
  WHATSAPP_VERIFY_TOKEN, WHATSAPP_APP_SECRET
                                   GET handshake and X-Hub-Signature-256 of /webhooks/whatsapp
  OPENRPA_CALLBACK_SECRET          X-OpenRPA-Signature of POST /webhooks/rpa
  FLEET_APPROVALS_SECRET           X-Fleet-Webhook-Secret of POST /approvals
  FLEET_INGRESS_HOST, FLEET_INGRESS_PORT (0.0.0.0:8000)
  FLEET_INGRESS_MAX_BODY_BYTES     larger bodies get 413 (default 1048576)
  FLEET_INGRESS_MESSAGE_TTL        message time-to-live, seconds or ISO 8601 (default 3600)
  FLEET_INGRESS_PUBLIC_URL         scheme://host[:port] providers call, when behind a proxy (HubSpot signs it)
  FLEET_INGRESS_HUBSPOT_MAX_AGE (300), FLEET_INGRESS_STRIPE_TOLERANCE (300)
"""


def _load_integrations(reference: str) -> tuple[Integration, ...]:
    module_name, _, attribute = reference.partition(":")
    module = importlib.import_module(module_name)
    found = getattr(module, attribute or "INTEGRATIONS")
    integrations = tuple(found)
    for integration in integrations:
        if not isinstance(integration, Integration):
            raise TypeError(f"{reference} must list workers.runtime.Integration objects, got {integration!r}")
    return integrations


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fleet",
        description="Zeebe (Camunda 8) worker fleet: pyzeebe routers per integration, one runtime.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    integrations_help = (
        "where the integrations are listed, as MODULE:ATTRIBUTE naming a sequence of "
        f"workers.runtime.Integration (default {DEFAULT_INTEGRATIONS})"
    )

    run = commands.add_parser(
        "run",
        help="run the workers of the selected groups against ZEEBE_ADDRESS",
        description=(
            "Activate and handle jobs for every task type of the selected worker groups until SIGTERM or "
            "SIGINT; then stop activating, let jobs in flight finish (FLEET_SHUTDOWN_GRACE) and exit 0. "
            "Serves /healthz, /readyz and /metrics on FLEET_HEALTH_PORT."
        ),
        epilog=_ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "--group",
        action="append",
        default=[],
        metavar="NAME",
        help="run only this worker group (repeat for several; e.g. --group crm --group messaging); "
        "default FLEET_GROUPS, else every group, so each group can be its own Deployment",
    )
    run.add_argument(
        "--integrations", default=DEFAULT_INTEGRATIONS, metavar="MODULE:ATTRIBUTE", help=integrations_help
    )
    run.add_argument(
        "--health-port",
        type=int,
        metavar="PORT",
        help="port of the health and metrics server (overrides FLEET_HEALTH_PORT)",
    )

    check = commands.add_parser(
        "check-models",
        help="check that every task type used in the BPMN models has exactly one handler",
        description=(
            "Read every .bpmn file below the folder, collect the zeebe:taskDefinition types and compare them with "
            "the handlers of all integrations. Exit 1 if a task type has no handler or several."
        ),
    )
    check.add_argument(
        "--bpmn", type=Path, default=Path("bpmn"), metavar="FOLDER", help="models folder (default bpmn)"
    )
    check.add_argument(
        "--integrations", default=DEFAULT_INTEGRATIONS, metavar="MODULE:ATTRIBUTE", help=integrations_help
    )

    ingress = commands.add_parser(
        "ingress",
        help="serve the webhook ingress: verified provider events become Zeebe messages",
        description=(
            "Serve POST /webhooks/{manychat,hubspot,stripe,whatsapp,rpa}, GET /webhooks/whatsapp, POST /approvals, "
            "/healthz, /readyz and /openapi.json. Each verified event is published to ZEEBE_ADDRESS as one message "
            "whose messageId is the provider's event id."
        ),
        epilog=_INGRESS_ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ingress.add_argument(
        "--host", metavar="HOST", help="bind address (default FLEET_INGRESS_HOST or 0.0.0.0)"
    )
    ingress.add_argument("--port", type=int, metavar="PORT", help="port (default FLEET_INGRESS_PORT or 8000)")

    add_tasks_parser(commands)
    add_dev_parsers(commands)
    return parser


def _ingress(arguments: argparse.Namespace) -> int:
    try:
        fleet = load_settings()
        ingress = load_ingress_settings()
    except (SettingsError, IngressSettingsError) as error:
        print(error, file=sys.stderr)
        return 2
    overrides: dict[str, object] = {}
    if arguments.host is not None:
        overrides["host"] = arguments.host
    if arguments.port is not None:
        overrides["port"] = arguments.port
    if overrides:
        ingress = ingress.model_copy(update=overrides)
    configure_logging(fleet.log_level, fleet.log_format)
    asyncio.run(serve_ingress(ingress, fleet))
    return 0


def _run(arguments: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    if arguments.health_port is not None:
        settings = settings.model_copy(update={"health_port": arguments.health_port})
    try:
        registry = Registry(_load_integrations(arguments.integrations))
    except (ImportError, AttributeError, TypeError, ValueError) as error:
        print(
            f"fleet run: cannot load the integrations from {arguments.integrations}: {error}", file=sys.stderr
        )
        return 2
    groups = arguments.group or list(settings.groups)
    try:
        selected = registry.select(groups)
    except UnknownGroupError as error:
        print(f"fleet run: {error}", file=sys.stderr)
        return 2
    if not any(integration.task_types for integration in selected):
        where = f"groups {', '.join(groups)}" if groups else "any integration"
        print(f"fleet run: no task handlers in {where} (see --integrations)", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    try:
        return asyncio.run(WorkerApp(settings, selected).run())
    except StartupError as error:
        print(f"fleet run: {error}", file=sys.stderr)
        return 1


def _check_models(arguments: argparse.Namespace) -> int:
    try:
        integrations = _load_integrations(arguments.integrations)
    except (ImportError, AttributeError, TypeError) as error:
        print(
            f"fleet check-models: cannot load the integrations from {arguments.integrations}: {error}",
            file=sys.stderr,
        )
        return 2
    try:
        report = check_task_types(arguments.bpmn, integrations)
    except ValueError as error:
        print(f"fleet check-models: {error}", file=sys.stderr)
        return 2
    print(report.describe())
    return 0 if report.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``fleet`` console script."""
    arguments = _parser().parse_args(argv)
    if arguments.command == "run":
        return _run(arguments)
    if arguments.command == "ingress":
        return _ingress(arguments)
    if arguments.command == "tasks":
        return run_tasks(arguments)
    if arguments.command == "dev":
        return run_dev(arguments)
    if arguments.command == "demo":
        return run_demo_command(arguments)
    return _check_models(arguments)


if __name__ == "__main__":
    sys.exit(main())
