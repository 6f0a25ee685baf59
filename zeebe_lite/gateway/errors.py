"""Gateway errors and the gRPC status codes Zeebe's gateway answers with."""

from __future__ import annotations

import grpc

from zeebe_lite.records import RejectionType

__all__ = ["GatewayError", "rejection_message", "rejection_status"]

_STATUS_OF_REJECTION: dict[RejectionType, grpc.StatusCode] = {
    RejectionType.INVALID_ARGUMENT: grpc.StatusCode.INVALID_ARGUMENT,
    RejectionType.NULL_VAL: grpc.StatusCode.INVALID_ARGUMENT,
    RejectionType.NOT_FOUND: grpc.StatusCode.NOT_FOUND,
    RejectionType.ALREADY_EXISTS: grpc.StatusCode.ALREADY_EXISTS,
    RejectionType.INVALID_STATE: grpc.StatusCode.FAILED_PRECONDITION,
    RejectionType.PROCESSING_ERROR: grpc.StatusCode.INTERNAL,
    RejectionType.EXCEEDED_BATCH_RECORD_SIZE: grpc.StatusCode.INVALID_ARGUMENT,
}


class GatewayError(Exception):
    """A request the gateway answers with a non-OK gRPC status."""

    def __init__(self, status: grpc.StatusCode, details: str) -> None:
        """An error with gRPC ``status`` and the human-readable ``details`` sent to the client."""
        super().__init__(details)
        self.status = status
        self.details = details

    @classmethod
    def invalid_argument(cls, details: str) -> GatewayError:
        """INVALID_ARGUMENT: the request itself is malformed."""
        return cls(grpc.StatusCode.INVALID_ARGUMENT, details)

    @classmethod
    def rejected(cls, rejection_type: RejectionType, reason: str, command_name: str) -> GatewayError:
        """The error for a command the engine rejected."""
        return cls(rejection_status(rejection_type), rejection_message(rejection_type, reason, command_name))


def rejection_status(rejection_type: RejectionType) -> grpc.StatusCode:
    """The gRPC status Zeebe's gateway uses for a command rejection (INVALID_STATE -> FAILED_PRECONDITION)."""
    return _STATUS_OF_REJECTION.get(rejection_type, grpc.StatusCode.INTERNAL)


def rejection_message(rejection_type: RejectionType, reason: str, command_name: str) -> str:
    """Zeebe's rejection text: ``Command 'X' rejected with code 'Y': reason`` (never prefixed twice)."""
    if reason.startswith("Command '"):
        return reason
    return f"Command '{command_name}' rejected with code '{rejection_type.value}': {reason}"
