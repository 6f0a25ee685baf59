"""Rewrite a marked section of the README with fresh figures."""

from __future__ import annotations

from pathlib import Path

__all__ = ["replace_section"]


def replace_section(readme: Path, marker: str, body: str) -> None:
    """Replace the text between ``<!-- marker:start -->`` and ``<!-- marker:end -->`` with ``body``."""
    text = readme.read_text(encoding="utf-8")
    start_tag, end_tag = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    start, end = text.index(start_tag) + len(start_tag), text.index(end_tag)
    readme.write_text(f"{text[:start]}\n{body.strip()}\n{text[end:]}", encoding="utf-8")
