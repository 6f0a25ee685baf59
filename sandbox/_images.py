"""Real image bytes for emulated media: a small receipt-like PNG drawn with the standard library only."""

from __future__ import annotations

import hashlib
import struct
import zlib

__all__ = ["receipt_png"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def receipt_png(seed: str = "receipt", width: int = 240, height: int = 320) -> bytes:
    """A valid grayscale PNG: a white slip with dark "text" bars whose lengths depend on ``seed``."""
    digest = hashlib.sha256(seed.encode()).digest()
    rows = []
    for y in range(height):
        line_index, offset = divmod(y - 16, 18)
        bar_length = 40 + digest[line_index % len(digest)] % (width - 72) if 0 <= line_index < 16 else 0
        row = bytearray(b"\xff" * width)
        if bar_length and offset < 8:
            row[16 : 16 + bar_length] = b"\x30" * bar_length
        if y in (0, height - 1):
            row[:] = b"\xa0" * width
        row[0] = row[-1] = 0xA0
        rows.append(b"\x00" + bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
