"""``fleet dev`` (the whole platform in one process) and ``fleet demo`` (sample events against a running one)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import structlog

from workers.dev.demo import DemoError, DemoOutcome, run_demo
from workers.dev.ingress import bind_ingress_socket, dev_ingress_settings, serve_dev_ingress
from workers.dev.ports import DEFAULT_PORTS, DevPorts, PortBusyError, check_ports_free, parse_ports
from workers.dev.session import SESSION_FILE_NAME, DevSession, read_session, write_session
from workers.dev.stack import DEFAULT_MODEL_DIRS, SANDBOX_STATE_FILE_NAME, DevStack, run_dev_stack
from workers.integrations import INTEGRATIONS
from workers.runtime import configure_logging

__all__ = [
    "CREDENTIAL_VARIABLES",
    "add_dev_parsers",
    "dev_main",
    "run_demo_command",
    "run_dev",
    "services_table",
]

_log = structlog.get_logger("workers.dev")
_HOST = "127.0.0.1"
DEFAULT_DATA_DIR = Path(".data")

CREDENTIAL_VARIABLES = (
    "HUBSPOT_TOKEN",
    "MANYCHAT_TOKEN",
    "STRIPE_API_KEY",
    "GOOGLE_SERVICE_ACCOUNT_JSON",
    "OPENAI_API_KEY",
    "WHATSAPP_TOKEN",
    "FLOWABLE_PASSWORD",
    "OPENRPA_TOKEN",
)
"""Provider credentials ``fleet run`` reads; ``fleet dev`` replaces them with the emulators' own."""

_PORTS_HELP = (
    "'free' (system-chosen ports) or NAME=PORT,... over the defaults "
    f"grpc={DEFAULT_PORTS.grpc},rest={DEFAULT_PORTS.rest},ingress={DEFAULT_PORTS.ingress},"
    f"sandbox={DEFAULT_PORTS.sandbox} (first emulator; the others follow),health={DEFAULT_PORTS.health}"
)


def _ports(text: str) -> DevPorts:
    try:
        return parse_ports(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_dev_parsers(commands: Any) -> None:
    """Add ``dev`` and ``demo`` to the ``fleet`` parser."""
    dev = commands.add_parser(
        "dev",
        help="run the whole platform locally: zeebe_lite, the API emulators, every worker group, the ingress",
        description=(
            "Start zeebe_lite (durable: its log under DATA/engine; models of bpmn/ and dmn/ deployed), the API "
            "emulators (clients point at them), every worker group and the webhook ingress in one process; print "
            "what runs where and run until Ctrl-C / SIGTERM. A second start on the same data resumes the "
            "instances, and the emulators their state (DATA/sandbox.sqlite3); delete DATA to start afresh."
        ),
    )
    dev.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="DIR", help="data folder (.data)")
    dev.add_argument("--ports", type=_ports, default=DEFAULT_PORTS, metavar="SPEC", help=_PORTS_HELP)
    dev.add_argument("--demo", action="store_true", help="run `fleet demo` once everything is up")
    dev.add_argument(
        "--exit-after-demo",
        action="store_true",
        help="with --demo: stop after the outcome table (exit 1 if the demo failed, left incidents or did not settle)",
    )
    dev.add_argument(
        "--demo-timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="longest wait for the flows (120)",
    )
    dev.add_argument("--log-level", default=os.environ.get("FLEET_LOG_LEVEL", "WARNING"), help="(WARNING)")

    demo = commands.add_parser(
        "demo",
        help="send signed sample events for the five flows to a running `fleet dev` and report the outcomes",
        description=(
            "Through the ingress over HTTP: ManyChat leads (hot, warm, cold), a HubSpot contact change, Stripe "
            "payments (approve, review, reject), a WhatsApp receipt photo and an approval request; user tasks "
            "are completed through the REST API v2. Ends with a table of outcomes read from the engine and the "
            "emulators. Instances waiting at a timer (the warm lead's PT4H follow-up) are reported as waiting."
        ),
    )
    demo.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA_DIR,
        metavar="DIR",
        help="data folder of the running fleet dev",
    )
    demo.add_argument(
        "--ingress-url", metavar="URL", help="ingress base URL (default: from the running fleet dev)"
    )
    demo.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS", help="longest wait (120)")


def services_table(stack: DevStack, ingress_url: str, data_dir: Path) -> str:
    """What runs where: service, address, what it is."""
    groups = sorted({integration.group for integration in INTEGRATIONS})
    health = stack.workers.health
    models = sorted(path.name for folder in DEFAULT_MODEL_DIRS for path in folder.glob("*.*mn"))
    rows: list[tuple[str, str, str]] = [
        ("service", "address", "what it is"),
        (
            "zeebe_lite gRPC",
            stack.engine_address,
            f"engine gateway (ZEEBE_ADDRESS); log in {data_dir / 'engine'}",
        ),
        (
            "zeebe_lite REST",
            stack.rest_address,
            "REST API v2 (CAMUNDA_REST_ADDRESS): user tasks, incidents, search",
        ),
        ("models", "-", "deployed: " + ", ".join(models)),
        (
            "ingress",
            ingress_url,
            "webhook ingress: /webhooks/{manychat,hubspot,stripe,whatsapp,rpa}, /approvals, /openapi.json",
        ),
        (
            "workers",
            f"http://{_HOST}:{health.port}" if health is not None else "-",
            "worker groups " + ", ".join(groups) + " (/healthz /readyz /metrics)",
        ),
    ]
    hosts = stack.sandbox
    for api in hosts.apis:
        emulator = hosts.host(api).emulator
        rows.append((f"emulator {api}", emulator.base_url, str(emulator.title)))
    rows.append(
        (
            "data",
            str(data_dir),
            f"fleet.sqlite3, documents/, engine/, {SANDBOX_STATE_FILE_NAME} (emulators), {SESSION_FILE_NAME}",
        )
    )
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _credentials_note(environ: dict[str, str]) -> None:
    configured = [name for name in CREDENTIAL_VARIABLES if environ.get(name)]
    if configured:
        _log.warning(
            "dev.emulators",
            message="fleet dev points every client at the API emulators; configured credentials are not used here "
            "(`fleet run` uses them)",
            ignored=configured,
        )
    else:
        _log.warning(
            "dev.emulators",
            message="no API credentials configured: the API emulators run and every client uses them",
        )


async def _serve(
    data_dir: Path,
    ports: DevPorts,
    *,
    demo: bool,
    exit_after_demo: bool,
    demo_timeout: float,
    out: Callable[[str], None],
    stop: asyncio.Event,
) -> int:
    _stop_on_signals(stop)  # a signal during start-up stops fleet dev as soon as it is up
    data_dir = await asyncio.to_thread(data_dir.resolve)
    await asyncio.to_thread(data_dir.mkdir, parents=True, exist_ok=True)
    _credentials_note(dict(os.environ))
    sock = bind_ingress_socket(_HOST, ports.ingress)
    ingress_url = f"http://{_HOST}:{sock.getsockname()[1]}"
    own_secrets = {
        "MANYCHAT_WEBHOOK_SECRET": secrets.token_urlsafe(24),
        "FLEET_APPROVALS_SECRET": secrets.token_urlsafe(24),
    }
    session_path = data_dir / SESSION_FILE_NAME
    try:
        async with run_dev_stack(
            data_dir=data_dir,
            engine_dir=data_dir / "engine",
            gateway_host=_HOST,
            gateway_port=ports.grpc,
            rest_port=ports.rest,
            sandbox_ports=ports.sandbox_ports(),
            health_port=ports.health,
            extra_environment={"OPENRPA_CALLBACK_URL": f"{ingress_url}/webhooks/rpa", **own_secrets},
        ) as stack:
            environment = dict(stack.environment)
            settings = dev_ingress_settings(environment, _HOST, sock.getsockname()[1])
            async with serve_dev_ingress(sock, settings, stack.engine_address) as url:
                session = DevSession(
                    ingress_url=url,
                    rest_url=stack.rest_address,
                    grpc_address=stack.engine_address,
                    emulators=dict(stack.sandbox.origins),
                    base_urls=dict(stack.sandbox.base_urls),
                    secrets=environment,
                )
                await asyncio.to_thread(write_session, data_dir, session)
                out(services_table(stack, url, data_dir))
                _stop_on_signals(stop)  # again: the workers installed their own handlers
                out("fleet dev: everything is up (Ctrl-C stops)")
                status = 0
                if demo:
                    running = asyncio.create_task(_demo(session, demo_timeout, out))
                    stopping = asyncio.create_task(stop.wait())
                    await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
                    if not running.done():
                        running.cancel()
                        out("fleet dev: demo interrupted")
                        with contextlib.suppress(asyncio.CancelledError):
                            await running
                        status = 1
                    else:
                        stopping.cancel()
                        outcome = running.result()
                        status = 0 if outcome is not None and outcome.ok else 1
                    if exit_after_demo:
                        return status
                await stop.wait()
                out("fleet dev: stopping")
                return status
    finally:
        sock.close()
        with contextlib.suppress(FileNotFoundError):
            session_path.unlink()


async def _demo(session: DevSession, wait_limit: float, out: Callable[[str], None]) -> DemoOutcome | None:
    try:
        outcome = await run_demo(session, wait_limit=wait_limit, say=out)
    except DemoError as error:
        out(f"fleet demo: {error}")
        return None
    out("")
    out(outcome.table())
    return outcome


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(stop_signal, stop.set)


def _print(line: str) -> None:
    print(line, flush=True)


def run_dev(arguments: argparse.Namespace) -> int:
    """``fleet dev``."""
    ports: DevPorts = arguments.ports
    try:
        check_ports_free(ports, _HOST)
    except PortBusyError as error:
        print(f"fleet dev: {error}", file=sys.stderr)
        return 1
    configure_logging(str(arguments.log_level).upper(), "console")

    async def main() -> int:
        return await _serve(
            arguments.data,
            ports,
            demo=arguments.demo,
            exit_after_demo=arguments.exit_after_demo,
            demo_timeout=arguments.demo_timeout,
            out=_print,
            stop=asyncio.Event(),
        )

    try:
        return asyncio.run(main())
    except OSError as error:  # a port taken between the check and the start
        print(f"fleet dev: cannot start: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def run_demo_command(arguments: argparse.Namespace) -> int:
    """``fleet demo``."""
    try:
        session = read_session(arguments.data)
    except FileNotFoundError:
        print(
            f"fleet demo: no running `fleet dev` found ({arguments.data / SESSION_FILE_NAME} is missing); "
            "start one with `fleet dev` (or `make run`)",
            file=sys.stderr,
        )
        return 2
    if arguments.ingress_url:
        session = DevSession(**{**session.to_json(), "ingress_url": arguments.ingress_url.rstrip("/")})
    outcome = asyncio.run(_demo(session, arguments.timeout, _print))
    return 0 if outcome is not None and outcome.ok else 1


def dev_main(argv: Sequence[str]) -> int:
    """``fleet dev`` / ``fleet demo`` on their own (tests)."""
    parser = argparse.ArgumentParser(prog="fleet")
    add_dev_parsers(parser.add_subparsers(dest="command", required=True))
    arguments = parser.parse_args(argv)
    return run_dev(arguments) if arguments.command == "dev" else run_demo_command(arguments)
