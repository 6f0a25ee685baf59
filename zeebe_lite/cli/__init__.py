"""The zeebe_lite command line (``python -m zeebe_lite serve|status``)."""

from zeebe_lite.cli.app import DEFAULT_DATA_DIR, build_parser, main
from zeebe_lite.cli.serve import ServeOptions, serve
from zeebe_lite.cli.status import collect_status, read_status, render_status

__all__ = [
    "DEFAULT_DATA_DIR",
    "ServeOptions",
    "build_parser",
    "collect_status",
    "main",
    "read_status",
    "render_status",
    "serve",
]
