"""A folder of documents addressed by relative ids, each with a JSON sidecar holding its metadata."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workers.storage._settings import documents_dir_from_environment

__all__ = ["DocumentNotFoundError", "DocumentStore", "InvalidDocumentIdError", "StoredDocument"]

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_METADATA_SUFFIX = ".meta.json"
_MAX_SEGMENTS = 8


class InvalidDocumentIdError(ValueError):
    """The id is not a relative path of safe segments (letters, digits, ``.``, ``_``, ``-``)."""


class DocumentNotFoundError(LookupError):
    """No document is stored under the id."""

    def __init__(self, document_id: str) -> None:
        super().__init__(f"no document {document_id!r} in the document store")
        self.document_id = document_id


@dataclass(frozen=True)
class StoredDocument:
    """What the store knows about one document."""

    document_id: str
    content_type: str
    size: int
    sha256: str
    """Hex SHA-256 of the content."""
    created_at: datetime
    path: Path

    @property
    def checksum(self) -> str:
        """``sha256:<hex>``, the form tasks return as a process variable."""
        return f"sha256:{self.sha256}"


def _validate_id(document_id: str) -> tuple[str, ...]:
    segments = tuple(document_id.split("/"))
    if not document_id or len(segments) > _MAX_SEGMENTS:
        raise InvalidDocumentIdError(f"invalid document id {document_id!r}")
    for segment in segments:
        if not _SEGMENT.match(segment) or segment.endswith(_METADATA_SUFFIX) or ".." in segment:
            raise InvalidDocumentIdError(
                f"invalid document id {document_id!r}: use segments of letters, digits, '.', '_' or '-' "
                "separated by '/'"
            )
    return segments


class DocumentStore:
    """Documents under ``root``; writes are atomic (temporary file, then rename), reads are plain file reads.

    The methods block on file I/O: call them through ``asyncio.to_thread`` from async handlers.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def from_environment(cls) -> DocumentStore:
        """The store under ``FLEET_DOCUMENTS_DIR`` (default ``.data/documents``)."""
        return cls(documents_dir_from_environment())

    def path_of(self, document_id: str) -> Path:
        """The file that holds (or would hold) ``document_id``."""
        return self.root.joinpath(*_validate_id(document_id))

    def _metadata_path(self, document_id: str) -> Path:
        path = self.path_of(document_id)
        return path.with_name(path.name + _METADATA_SUFFIX)

    def exists(self, document_id: str) -> bool:
        """Whether a document is stored under ``document_id``."""
        return self._metadata_path(document_id).is_file() and self.path_of(document_id).is_file()

    def put(self, document_id: str, content: bytes, *, content_type: str) -> StoredDocument:
        """Store ``content`` under ``document_id``, replacing what was there."""
        path = self.path_of(document_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(content).hexdigest()
        created_at = datetime.now(UTC)
        metadata = {
            "documentId": document_id,
            "contentType": content_type,
            "size": len(content),
            "sha256": digest,
            "createdAt": created_at.isoformat(),
        }
        _write_atomically(path, content)
        # The sidecar is written last: a document counts as stored only once its metadata exists.
        _write_atomically(self._metadata_path(document_id), json.dumps(metadata, sort_keys=True).encode())
        return StoredDocument(document_id, content_type, len(content), digest, created_at, path)

    def put_if_absent(
        self, document_id: str, content: bytes, *, content_type: str
    ) -> tuple[StoredDocument, bool]:
        """Store ``content`` unless ``document_id`` exists; returns the stored document and whether it is new."""
        if self.exists(document_id):
            return self.describe(document_id), False
        return self.put(document_id, content, content_type=content_type), True

    def describe(self, document_id: str) -> StoredDocument:
        """The metadata of ``document_id``; :class:`DocumentNotFoundError` when absent."""
        try:
            raw = json.loads(self._metadata_path(document_id).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DocumentNotFoundError(document_id) from None
        path = self.path_of(document_id)
        if not path.is_file():
            raise DocumentNotFoundError(document_id)
        return StoredDocument(
            document_id=document_id,
            content_type=str(raw["contentType"]),
            size=int(raw["size"]),
            sha256=str(raw["sha256"]),
            created_at=datetime.fromisoformat(str(raw["createdAt"])),
            path=path,
        )

    def read(self, document_id: str) -> bytes:
        """The content of ``document_id``; :class:`DocumentNotFoundError` when absent."""
        self.describe(document_id)
        return self.path_of(document_id).read_bytes()

    def delete(self, document_id: str) -> bool:
        """Remove ``document_id``; returns whether it existed."""
        existed = self.exists(document_id)
        self._metadata_path(document_id).unlink(missing_ok=True)
        self.path_of(document_id).unlink(missing_ok=True)
        return existed


def _write_atomically(path: Path, content: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
