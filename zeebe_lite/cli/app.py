"""The ``zeebe_lite`` command line: ``serve`` and ``status``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from zeebe_lite.cli.serve import ServeOptions, run_serve
from zeebe_lite.cli.status import read_status, render_status
from zeebe_lite.engine import CommandRejectedError
from zeebe_lite.gateway.runtime import engine_file

__all__ = ["DEFAULT_DATA_DIR", "build_parser", "main"]

DEFAULT_DATA_DIR = Path(".data") / "zeebe-lite"
"""Where ``serve`` and ``status`` keep the record log unless ``--data`` (or ``ZEEBE_LITE_DATA``) says otherwise."""

_DATA_ENV = "ZEEBE_LITE_DATA"


def _default_data_dir() -> Path:
    return Path(os.environ.get(_DATA_ENV, str(DEFAULT_DATA_DIR)))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m zeebe_lite``."""
    parser = argparse.ArgumentParser(
        prog="zeebe_lite", description="An embedded, durable, Zeebe-compatible workflow engine."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    rest_note = "serve Camunda's Orchestration Cluster REST API v2 (a subset, /v2/...) on this port"
    serve_parser = commands.add_parser(
        "serve",
        help="run the engine with its Zeebe gRPC gateway",
        description="Run the engine and serve Zeebe's gRPC gateway API; Ctrl-C or SIGTERM stops it cleanly. "
        "Restarting on the same data directory resumes every process instance.",
    )
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve_parser.add_argument("--port", type=int, default=26500, help="gRPC gateway port (default 26500)")
    serve_parser.add_argument("--rest-port", type=int, default=None, help=rest_note)
    storage = serve_parser.add_mutually_exclusive_group()
    storage.add_argument(
        "--data",
        type=Path,
        default=None,
        help=f"data directory of the durable record log (default ${_DATA_ENV} or {DEFAULT_DATA_DIR})",
    )
    storage.add_argument("--in-memory", action="store_true", help="keep everything in memory (lost on exit)")
    serve_parser.add_argument(
        "--deploy",
        type=Path,
        nargs="+",
        action="extend",
        default=[],
        metavar="PATH",
        help="BPMN/DMN files or directories to deploy at start (unchanged resources keep their version)",
    )

    status_parser = commands.add_parser(
        "status",
        help="show process instances, active elements, incidents, jobs and user tasks of a data directory",
    )
    status_parser.add_argument(
        "--data", type=Path, default=None, help=f"data directory (default ${_DATA_ENV} or {DEFAULT_DATA_DIR})"
    )
    status_parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        data_dir = None if args.in_memory else (args.data or _default_data_dir())
        options = ServeOptions(
            host=args.host,
            port=args.port,
            data_dir=data_dir,
            deploy=tuple(args.deploy),
            rest_port=args.rest_port,
        )
        try:
            run_serve(options)
        except (OSError, CommandRejectedError) as error:
            print(f"zeebe_lite: {error}", file=sys.stderr)
            return 1
        return 0
    data_dir = args.data or _default_data_dir()
    if not engine_file(data_dir).is_file():
        print(f"zeebe_lite: no record log in {data_dir}", file=sys.stderr)
        return 1
    print(render_status(read_status(data_dir), as_json=args.json))
    return 0
