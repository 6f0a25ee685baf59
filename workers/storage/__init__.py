"""The fleet's document storage: files (receipt photos, generated PDFs) under ``FLEET_DOCUMENTS_DIR``.

A task that produces a file (the WhatsApp media download, the accounting document) stores it and returns its
``documentId``; a later task (OCR) reads it back by that id. Ids are relative paths such as
``whatsapp/1234567890.jpg``; the store never lets an id leave its root folder.
"""

from workers.storage._settings import (
    DEFAULT_DOCUMENTS_DIR,
    DOCUMENTS_DIR_VARIABLE,
    documents_dir_from_environment,
)
from workers.storage._store import (
    DocumentNotFoundError,
    DocumentStore,
    InvalidDocumentIdError,
    StoredDocument,
)

__all__ = [
    "DEFAULT_DOCUMENTS_DIR",
    "DOCUMENTS_DIR_VARIABLE",
    "DocumentNotFoundError",
    "DocumentStore",
    "InvalidDocumentIdError",
    "StoredDocument",
    "documents_dir_from_environment",
]
