"""Google Docs API v1: documents.create, documents.get, documents.batchUpdate (text requests, atomic).

Contract (external-apis.md §8): same service-account Bearer tokens as Sheets (scopes ``documents`` or
``drive.file`` / ``drive``); ``POST /v1/documents {"title"}`` creates a blank document (other content ignored);
``POST /v1/documents/{id}:batchUpdate`` applies ``requests`` in order and atomically (one invalid request: nothing
is applied, 400) and answers ``{documentId, replies[], writeControl{requiredRevisionId}}``;
``writeControl.requiredRevisionId`` must be the current revision. Body text starts at index 1 and always ends
with a newline. Supported requests: ``insertText`` (``location.index`` or ``endOfSegmentLocation``),
``replaceAllText`` and ``deleteContentRange``. Errors use Google's ``{"error": {code, message, status}}``.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox._common import Emulator, EmulatorContext, MalformedBody, read_json
from sandbox.google_oauth import GoogleApiError, GoogleOAuthEmulator, google_error_response

__all__ = ["DOCS_SCOPES", "GoogleDocsEmulator"]

DOCS_SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/documents",
        "https://www.googleapis.com/auth/drive.file",
        "https://www.googleapis.com/auth/drive",
    }
)
_SERVICE = "docs.googleapis.com"


@dataclass
class _Document:
    document_id: str
    title: str
    text: str
    revision: int
    owner: str

    @property
    def revision_id(self) -> str:
        return f"ALm37B{self.revision:06d}sandbox"


def _invalid(message: str) -> GoogleApiError:
    return GoogleApiError(400, message, "INVALID_ARGUMENT")


def _index(location: Any, text: str, name: str) -> int:
    if (
        not isinstance(location, dict)
        or not isinstance(location.get("index"), int)
        or isinstance(location["index"], bool)
    ):
        raise _invalid(f"Invalid requests[{name}]: location.index is required")
    index: int = location["index"]
    if index < 1 or index > len(text):
        raise _invalid(
            f"Invalid requests[{name}]: Index {index} must be less than the end index of the referenced segment, {len(text) + 1}."
        )
    return index


class GoogleDocsEmulator(Emulator):
    """Documents created and edited by the service account."""

    name: ClassVar[str] = "google_docs"
    title: ClassVar[str] = "Google Docs API v1"

    def __init__(self, context: EmulatorContext, oauth: GoogleOAuthEmulator) -> None:
        super().__init__(context)
        self.oauth = oauth
        self._documents: dict[str, _Document] = {}

    def reset_state(self) -> None:
        self._documents = {}

    def state_view(self) -> dict[str, Any]:
        return {
            "documents": {
                document.document_id: {
                    "title": document.title,
                    "text": document.text,
                    "revisionId": document.revision_id,
                }
                for document in self._documents.values()
            }
        }

    def text(self, document_id: str) -> str:
        """The document's body text (index 1 onwards, with the final newline)."""
        return self._documents[document_id].text

    def export_state(self) -> dict[str, Any]:
        return {"documents": [dataclasses.asdict(document) for document in self._documents.values()]}

    def import_state(self, snapshot: Mapping[str, Any]) -> None:
        self._documents = {item["document_id"]: _Document(**item) for item in snapshot["documents"]}

    def credentials(self) -> dict[str, str]:
        return self.oauth.credentials()

    def environment(self) -> dict[str, str]:
        return {"GOOGLE_DOCS_BASE_URL": self.base_url}

    def error_response(self, status: int, message: str) -> Response:
        names = {404: "NOT_FOUND", 405: "NOT_FOUND", 500: "INTERNAL", 502: "UNAVAILABLE", 503: "UNAVAILABLE"}
        return google_error_response(GoogleApiError(status, message, names.get(status, "UNKNOWN")))

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/v1/documents", self._guard(self._create), methods=["POST"]),
            Route("/v1/documents/{call:str}", self._guard(self._document), methods=["GET", "POST"]),
        ]

    def _guard(self, handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                scopes = DOCS_SCOPES | (
                    {"https://www.googleapis.com/auth/documents.readonly"}
                    if request.method == "GET"
                    else set()
                )
                request.state.client_email = self.oauth.check_token(
                    request, frozenset(scopes), _SERVICE
                ).client_email
                result: Response = await handler(request)
                return result
            except GoogleApiError as error:
                return google_error_response(error)

        return endpoint

    async def _body(self, request: Request) -> dict[str, Any]:
        try:
            body = await read_json(request)
        except MalformedBody as error:
            raise _invalid(f"Invalid JSON payload received. {error}") from error
        if not isinstance(body, dict):
            raise _invalid("Invalid JSON payload received. Expected an object.")
        return body

    def _json(self, document: _Document) -> dict[str, Any]:
        content: list[dict[str, Any]] = [{"endIndex": 1, "sectionBreak": {"sectionStyle": {}}}]
        start = 1
        for line in document.text.splitlines(keepends=True):
            end = start + len(line)
            content.append(
                {
                    "startIndex": start,
                    "endIndex": end,
                    "paragraph": {
                        "elements": [
                            {
                                "startIndex": start,
                                "endIndex": end,
                                "textRun": {"content": line, "textStyle": {}},
                            }
                        ],
                        "paragraphStyle": {"namedStyleType": "NORMAL_TEXT"},
                    },
                }
            )
            start = end
        return {
            "documentId": document.document_id,
            "title": document.title,
            "body": {"content": content},
            "revisionId": document.revision_id,
        }

    async def _create(self, request: Request) -> Response:
        body = await self._body(request)
        title = body.get("title", "Untitled document")
        if not isinstance(title, str):
            raise _invalid("Invalid value at 'document.title'")
        document_id = "1" + secrets.token_urlsafe(32).replace("-", "x").replace("_", "y")[:43]
        document = _Document(document_id, title, "\n", 1, request.state.client_email)
        self._documents[document_id] = document
        return JSONResponse(self._json(document))

    async def _document(self, request: Request) -> Response:
        call: str = request.path_params["call"]
        document_id, _, method = call.partition(":")
        document = self._documents.get(document_id)
        if (
            document is None
            or (request.method == "POST" and method != "batchUpdate")
            or (request.method == "GET" and method)
        ):
            raise GoogleApiError(404, "Requested entity was not found.", "NOT_FOUND")
        if document.owner != request.state.client_email:
            raise GoogleApiError(403, "The caller does not have permission", "PERMISSION_DENIED")
        if request.method == "GET":
            return JSONResponse(self._json(document))
        body = await self._body(request)
        control = body.get("writeControl")
        if isinstance(control, dict) and control.get("requiredRevisionId") not in (
            None,
            document.revision_id,
        ):
            raise _invalid(
                f"The required revision ID '{control['requiredRevisionId']}' does not match the latest revision."
            )
        requests = body.get("requests")
        if not isinstance(requests, list) or not requests:
            raise _invalid("Must specify at least one request.")
        text = document.text
        replies: list[dict[str, Any]] = []
        for position, item in enumerate(requests):
            text, reply = self._apply(text, item, position)
            replies.append(reply)
        document.text = text
        document.revision += 1
        return JSONResponse(
            {
                "documentId": document.document_id,
                "replies": replies,
                "writeControl": {"requiredRevisionId": document.revision_id},
            }
        )

    @staticmethod
    def _apply(text: str, item: Any, position: int) -> tuple[str, dict[str, Any]]:
        if not isinstance(item, dict) or len(item) != 1:
            raise _invalid(f"Invalid requests[{position}]: exactly one request kind must be set.")
        kind, spec = next(iter(item.items()))
        name = f"{position}].{kind}["
        if not isinstance(spec, dict):
            raise _invalid(f"Invalid requests[{position}].{kind}")
        if kind == "insertText":
            insert = spec.get("text")
            if not isinstance(insert, str):
                raise _invalid(f"Invalid requests[{position}].insertText: text is required")
            if "endOfSegmentLocation" in spec:
                index = len(text)
            else:
                index = _index(spec.get("location"), text, name)
            return text[: index - 1] + insert + text[index - 1 :], {}
        if kind == "replaceAllText":
            criteria = spec.get("containsText")
            replacement = spec.get("replaceText", "")
            if (
                not isinstance(criteria, dict)
                or not isinstance(criteria.get("text"), str)
                or not criteria["text"]
            ):
                raise _invalid(f"Invalid requests[{position}].replaceAllText: containsText.text is required")
            needle = criteria["text"]
            if criteria.get("matchCase") is True:
                count = text.count(needle)
                replaced = text.replace(needle, str(replacement))
            else:
                lowered, result, count, start = text.lower(), [], 0, 0
                while (found := lowered.find(needle.lower(), start)) != -1:
                    result.append(text[start:found] + str(replacement))
                    start, count = found + len(needle), count + 1
                replaced = "".join(result) + text[start:]
            return replaced, {"replaceAllText": {"occurrencesChanged": count} if count else {}}
        if kind == "deleteContentRange":
            span = spec.get("range")
            if not isinstance(span, dict) or not all(
                isinstance(span.get(k), int) for k in ("startIndex", "endIndex")
            ):
                raise _invalid(f"Invalid requests[{position}].deleteContentRange: range is required")
            start, end = span["startIndex"], span["endIndex"]
            if not 1 <= start < end <= len(text):
                raise _invalid(
                    f"Invalid requests[{position}].deleteContentRange: The range should not include the final newline of the segment."
                )
            return text[: start - 1] + text[end - 1 :], {}
        raise _invalid(f"Invalid requests[{position}]: the sandbox does not emulate '{kind}'.")
