"""``python -m workers.integrations.persistence upgrade|current``: migrate the fleet database ahead of time."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from workers.integrations.persistence._database import FleetDatabase
from workers.integrations.persistence._migrate import current_revision, head_revision, upgrade_database


async def _run(command: str) -> int:
    database = await FleetDatabase.from_environment_unmigrated()
    try:
        if command == "upgrade":
            revision = await upgrade_database(database.engine)
            print(f"fleet database at revision {revision} (head {head_revision()})")
        else:
            print(await current_revision(database.engine) or "none")
    finally:
        await database.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m workers.integrations.persistence",
        description="Migrate the fleet database named by FLEET_DATABASE_URL (schema FLEET_DATABASE_SCHEMA).",
    )
    parser.add_argument(
        "command", choices=["upgrade", "current"], help="upgrade to head, or print the revision"
    )
    arguments = parser.parse_args(argv)
    return asyncio.run(_run(arguments.command))


if __name__ == "__main__":
    sys.exit(main())
