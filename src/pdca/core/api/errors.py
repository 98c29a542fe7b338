"""Service errors as API responses: 400 with field errors, 403, 409 conflicts, 412 stale If-Match."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from pdca.core.exceptions import (
    ConcurrentEditError,
    PdcaError,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)


def exception_handler(exc, context):
    if isinstance(exc, ValidationFailed):
        return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ConcurrentEditError):
        request = context.get("request")
        code = status.HTTP_412_PRECONDITION_FAILED if request and request.headers.get("If-Match") else 409
        return Response({"detail": exc.message, "code": "conflict"}, status=code)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, TransitionNotAllowed):
        return Response({"detail": exc.message, "code": exc.code}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, PdcaError):
        return Response({exc.field or "detail": [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
