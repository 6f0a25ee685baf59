"""DocumentStore: atomic writes, metadata sidecars, ids that cannot escape the root."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from workers.storage import (
    DocumentNotFoundError,
    DocumentStore,
    InvalidDocumentIdError,
    documents_dir_from_environment,
)


def test_put_then_read_returns_the_content_and_its_checksum(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    stored = store.put("whatsapp/media-1.jpg", b"\xff\xd8jpeg", content_type="image/jpeg")

    assert store.read("whatsapp/media-1.jpg") == b"\xff\xd8jpeg"
    assert stored.sha256 == hashlib.sha256(b"\xff\xd8jpeg").hexdigest()
    assert stored.checksum == f"sha256:{stored.sha256}"
    described = store.describe("whatsapp/media-1.jpg")
    assert (described.content_type, described.size, described.sha256) == ("image/jpeg", 6, stored.sha256)
    assert described.path == tmp_path / "whatsapp" / "media-1.jpg"


def test_put_if_absent_keeps_the_first_document(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    first, first_is_new = store.put_if_absent("a/b.pdf", b"first", content_type="application/pdf")
    second, second_is_new = store.put_if_absent("a/b.pdf", b"second", content_type="application/pdf")

    assert (first_is_new, second_is_new) == (True, False)
    assert second.sha256 == first.sha256
    assert store.read("a/b.pdf") == b"first"


def test_missing_documents_raise_not_found(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    with pytest.raises(DocumentNotFoundError):
        store.read("nothing/here.png")
    assert not store.exists("nothing/here.png")


def test_a_file_without_metadata_is_not_a_document(tmp_path: Path) -> None:
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "written.png").write_bytes(b"partial")
    store = DocumentStore(tmp_path)

    assert not store.exists("half/written.png")
    with pytest.raises(DocumentNotFoundError):
        store.describe("half/written.png")


def test_delete_removes_content_and_metadata(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    store.put("x/y.txt", b"1", content_type="text/plain")

    assert store.delete("x/y.txt") is True
    assert store.delete("x/y.txt") is False
    assert list((tmp_path / "x").iterdir()) == []


@pytest.mark.parametrize(
    "document_id",
    ["", "../escape.txt", "a/../../b", "/absolute", "a//b", "a/.hidden", "a/b c", "x.meta.json", "a\\b"],
)
def test_ids_that_could_escape_or_collide_are_rejected(tmp_path: Path, document_id: str) -> None:
    with pytest.raises(InvalidDocumentIdError):
        DocumentStore(tmp_path).put(document_id, b"", content_type="text/plain")


def test_documents_dir_comes_from_the_environment() -> None:
    assert documents_dir_from_environment({"FLEET_DOCUMENTS_DIR": "/srv/docs"}) == Path("/srv/docs")
    assert documents_dir_from_environment({"FLEET_DOCUMENTS_DIR": "  "}) == Path(".data/documents")
    assert documents_dir_from_environment({}) == Path(".data/documents")
