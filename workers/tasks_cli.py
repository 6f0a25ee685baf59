"""``fleet tasks``: list, claim and complete Camunda user tasks through the Orchestration Cluster REST API v2.

Talks through Camunda's official Python SDK (``camunda-orchestration-sdk``), configured by its standard
variables (``CAMUNDA_REST_ADDRESS``, ``CAMUNDA_AUTH_STRATEGY``, ``CAMUNDA_CLIENT_ID``, ...), so the same
commands work on zeebe_lite's REST API and on Camunda 8.8.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import sys
from datetime import datetime
from typing import Any, TextIO

import httpx

__all__ = ["add_tasks_parser", "parse_variable", "run_tasks"]

_ENVIRONMENT_HELP = """\
environment (the SDK's standard names):
  CAMUNDA_REST_ADDRESS      REST API base, e.g. http://localhost:8080/v2 (the SDK's default)
  CAMUNDA_AUTH_STRATEGY     NONE | BASIC | OAUTH
  CAMUNDA_CLIENT_ID, CAMUNDA_CLIENT_SECRET, CAMUNDA_OAUTH_URL, CAMUNDA_TOKEN_AUDIENCE   (OAUTH)
  CAMUNDA_BASIC_AUTH_USERNAME, CAMUNDA_BASIC_AUTH_PASSWORD                              (BASIC)
"""
_ANY_STATE = "ANY"
_COLUMNS = ("KEY", "STATE", "ASSIGNEE", "NAME", "PROCESS", "INSTANCE", "CREATED")


class TaskCommandError(Exception):
    """A failure to report on stderr with exit status ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def parse_variable(assignment: str) -> tuple[str, Any]:
    """``name=value``; the value is JSON when it parses as JSON, else the text itself."""
    name, separator, raw = assignment.partition("=")
    name = name.strip()
    if not separator or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {assignment!r}")
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return name, value


def add_tasks_parser(commands: Any) -> None:
    """Add ``tasks`` with its ``list``, ``claim`` and ``complete`` subcommands to the ``fleet`` parser."""
    tasks = commands.add_parser(
        "tasks",
        help="list, claim and complete user tasks (Orchestration Cluster REST API v2)",
        description="Work with Camunda user tasks through the REST API v2, on zeebe_lite or Camunda 8.8.",
        epilog=_ENVIRONMENT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = tasks.add_subparsers(dest="tasks_command", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="list user tasks", epilog=_ENVIRONMENT_HELP)
    listing.add_argument("--assignee", metavar="NAME", help="only tasks assigned to NAME")
    listing.add_argument(
        "--state",
        default="CREATED",
        type=str.upper,
        metavar="STATE",
        help="CREATED (open, the default), COMPLETED, CANCELED, ... or ANY",
    )
    listing.add_argument("--limit", type=int, default=100, metavar="N", help="at most N tasks (default 100)")
    listing.add_argument("--json", action="store_true", help="print the tasks as JSON lines")

    claim = actions.add_parser("claim", help="claim an open task (fails if somebody else holds it)")
    claim.add_argument("task_key", metavar="ID", help="the user task key")
    claim.add_argument("--assignee", metavar="NAME", help="who claims it (default: the current user name)")

    complete = actions.add_parser("complete", help="complete a task, setting variables")
    complete.add_argument("task_key", metavar="ID", help="the user task key")
    complete.add_argument(
        "--var",
        dest="variables",
        action="append",
        default=[],
        type=parse_variable,
        metavar="NAME=VALUE",
        help="a variable to set (repeatable); VALUE is parsed as JSON when valid, else taken as text",
    )


def run_tasks(arguments: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run one ``fleet tasks`` action; the exit status."""
    stream = out or sys.stdout
    try:
        return asyncio.run(_dispatch(arguments, stream))
    except TaskCommandError as error:
        print(f"fleet tasks {arguments.tasks_command}: {error}", file=sys.stderr)
        return error.code


async def _dispatch(arguments: argparse.Namespace, out: TextIO) -> int:
    try:
        from camunda_orchestration_sdk import CamundaAsyncClient
    except ImportError:
        raise TaskCommandError("needs Camunda's SDK: pip install camunda-orchestration-sdk", code=2) from None

    client = CamundaAsyncClient()
    address = str(client.configuration.CAMUNDA_REST_ADDRESS)
    try:
        async with client:
            if arguments.tasks_command == "list":
                await _list(client, arguments, out)
            elif arguments.tasks_command == "claim":
                await _claim(client, arguments, out)
            else:
                await _complete(client, arguments, out)
    except httpx.TransportError as error:
        raise TaskCommandError(f"cannot reach the REST API at {address}: {type(error).__name__}") from None
    return 0


def _task_key(raw: str) -> Any:
    from camunda_orchestration_sdk.semantic_types import UserTaskKey

    try:
        return UserTaskKey(raw.strip())
    except ValueError:
        raise TaskCommandError(f"{raw!r} is not a user task key (a number)", code=2) from None


def _problem(error: Exception) -> str:
    parsed = getattr(error, "parsed", None)
    detail = getattr(parsed, "detail", None)
    if isinstance(detail, str) and detail:
        return detail
    content = getattr(error, "content", b"")
    try:
        document = json.loads(content)
    except (ValueError, TypeError):
        return content.decode("utf-8", "replace")[:300] if isinstance(content, bytes) else str(error)
    if isinstance(document, dict) and isinstance(document.get("detail"), str):
        return str(document["detail"])
    return str(document)[:300]


def _explain(error: Exception, key: str, action: str) -> TaskCommandError:
    from camunda_orchestration_sdk import errors

    if isinstance(error, errors.NotFoundError):
        return TaskCommandError(f"user task {key} not found (unknown, or no longer open)")
    if isinstance(error, errors.ConflictError):
        return TaskCommandError(f"cannot {action} user task {key}: {_problem(error)}")
    if isinstance(error, errors.UnauthorizedError | errors.ForbiddenError):
        return TaskCommandError(f"not allowed to {action} user task {key}: {_problem(error)}")
    if isinstance(error, errors.ApiError):
        return TaskCommandError(
            f"cannot {action} user task {key}: HTTP {error.status_code}: {_problem(error)}"
        )
    return TaskCommandError(f"cannot {action} user task {key}: {error}")


def _text(value: Any) -> str:
    if value is None or type(value).__name__ == "Unset":
        return "-"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    inner = getattr(value, "value", value)
    return str(inner)


async def _list(client: Any, arguments: argparse.Namespace, out: TextIO) -> None:
    from camunda_orchestration_sdk import errors
    from camunda_orchestration_sdk.models import UserTaskSearchQuery

    if arguments.limit < 1:
        raise TaskCommandError("--limit must be at least 1", code=2)
    query_filter: dict[str, Any] = {}
    if arguments.state != _ANY_STATE:
        query_filter["state"] = arguments.state
    if arguments.assignee:
        query_filter["assignee"] = arguments.assignee
    query = UserTaskSearchQuery.from_dict(
        {
            "filter": query_filter,
            "page": {"limit": arguments.limit},
            "sort": [{"field": "creationDate", "order": "ASC"}],
        }
    )
    try:
        found = await client.search_user_tasks(data=query)
    except errors.ApiError as error:
        raise TaskCommandError(f"search failed: HTTP {error.status_code}: {_problem(error)}") from None
    except ValueError as error:
        raise TaskCommandError(f"search failed: {error}", code=2) from None
    rows = [
        (
            _text(task.user_task_key),
            _text(task.state),
            _text(task.assignee),
            _text(task.name),
            _text(task.process_definition_id),
            _text(task.process_instance_key),
            _text(task.creation_date),
        )
        for task in found.items
    ]
    total = getattr(getattr(found, "page", None), "total_items", None)
    if isinstance(total, int) and total > len(rows):
        print(f"showing {len(rows)} of {total} user tasks (raise --limit to see more)", file=sys.stderr)
    if arguments.json:
        for row in rows:
            print(json.dumps(dict(zip(_COLUMNS, row, strict=True))), file=out)
        return
    if not rows:
        print("no user tasks", file=out)
        return
    widths = [max(len(column), *(len(row[index]) for row in rows)) for index, column in enumerate(_COLUMNS)]
    for line in (_COLUMNS, *rows):
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip(), file=out
        )


async def _claim(client: Any, arguments: argparse.Namespace, out: TextIO) -> None:
    from camunda_orchestration_sdk.models import UserTaskAssignmentRequest

    key = _task_key(arguments.task_key)
    assignee = arguments.assignee or getpass.getuser()
    request = UserTaskAssignmentRequest.from_dict({"assignee": assignee, "allowOverride": False})
    try:
        await client.assign_user_task(key, data=request)
    except Exception as error:
        raise _explain(error, key, "claim") from None
    print(f"claimed user task {key} for {assignee}", file=out)


async def _complete(client: Any, arguments: argparse.Namespace, out: TextIO) -> None:
    from camunda_orchestration_sdk.models import UserTaskCompletionRequest

    key = _task_key(arguments.task_key)
    variables = dict(arguments.variables)
    request = UserTaskCompletionRequest.from_dict({"variables": variables})
    try:
        await client.complete_user_task(key, data=request)
    except Exception as error:
        raise _explain(error, key, "complete") from None
    names = ", ".join(sorted(variables)) or "no variables"
    print(f"completed user task {key} ({names})", file=out)
