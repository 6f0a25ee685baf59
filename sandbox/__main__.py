"""``python -m sandbox``: run the emulators until interrupted, print where they listen and the client environment."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from sandbox._registry import api_specs, resolve_apis
from sandbox._runner import run_sandbox

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--apis", help="comma-separated emulators (default: all): " + ", ".join(api_specs()))
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--port-base",
        type=int,
        default=0,
        help="give the emulators fixed ports from this one on, in table order (default: free ports)",
    )
    parser.add_argument(
        "--env-file", type=Path, help="also write the client environment to this file (KEY=value)"
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="PATH",
        help="keep the emulators' state in this SQLite file across restarts (default: in memory only)",
    )
    return parser


def _ports(apis: Sequence[str], base: int) -> dict[str, int]:
    if base <= 0:
        return {}
    names = resolve_apis(apis or None, api_specs())
    return {name: base + index for index, name in enumerate(api_specs()) if name in names}


def _write_env(path: Path, text: str) -> None:
    # Atomically: whoever waits for the file to appear must never read half of it.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


async def _serve(
    apis: list[str] | None, host: str, port_base: int, env_file: Path | None, state: Path | None
) -> None:
    async with run_sandbox(apis, host=host, ports=_ports(apis or [], port_base), state=state) as sandbox:
        print(sandbox.table(), flush=True)
        if state is not None:
            print(f"\nemulator state kept in {state}", flush=True)
        if env_file is not None:
            await asyncio.to_thread(_write_env, env_file, sandbox.dotenv())
            print(f"\nclient environment written to {env_file}", flush=True)
        else:
            exports = "".join(f"export {line}\n" for line in sandbox.dotenv().splitlines())
            print("\n# client environment\n" + exports, flush=True)
        print(
            "\nadmin: GET <base>/__sandbox/state, PUT <base>/__sandbox/faults, PUT <base>/__sandbox/rate-limits",
            flush=True,
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    arguments = _parser().parse_args(argv)
    apis = [name.strip() for name in arguments.apis.split(",") if name.strip()] if arguments.apis else None
    try:
        asyncio.run(_serve(apis, arguments.host, arguments.port_base, arguments.env_file, arguments.state))
    except ValueError as error:
        print(f"sandbox: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
