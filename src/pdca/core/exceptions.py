"""The one error hierarchy of pdca: services raise these, views and the API translate them."""


class PdcaError(Exception):
    """Base of every error a service raises on purpose. `field` names the input at fault, if any."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class ValidationFailed(PdcaError):
    """Input broke a business rule; `errors` maps field names to messages."""

    def __init__(self, errors: dict[str, list[str]] | str, *, field: str | None = None):
        if isinstance(errors, str):
            errors = {field or "__all__": [errors]}
        self.errors = errors
        first = next(iter(errors.values()))[0]
        super().__init__(first, field=next(iter(errors)), code="invalid")


class ConcurrentEditError(PdcaError):
    """Somebody else saved the row after the caller loaded it (optimistic concurrency)."""

    def __init__(self, message: str):
        super().__init__(message, code="conflict")


class PermissionDenied(PdcaError):
    """The acting person's role does not allow the operation."""

    def __init__(self, message: str):
        super().__init__(message, code="permission_denied")


class TransitionNotAllowed(PdcaError):
    """A workflow transition was asked for that the current state or a precondition forbids."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field, code="transition_not_allowed")


def refusal(message: str, field: str = "status") -> TransitionNotAllowed:
    """A refused workflow step, reported against the status (or the input named) so forms show it there."""
    return TransitionNotAllowed(message, field=field)
