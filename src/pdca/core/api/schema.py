"""OpenAPI post-processing: document the error answers every operation can give."""

ERROR = {
    "type": "object",
    "additionalProperties": True,
    "description": "Field errors ({field: [messages]}) or {detail: message}.",
}
COMMON = {
    "400": "Invalid input; each field at fault is named.",
    "401": "No or wrong credentials.",
    "403": "Your role in the organisation does not allow this.",
    "404": "No such organisation or row, or it belongs to an organisation you are not a member of.",
}
WRITES = {
    "409": "Somebody else changed the row since you read it (stale version), or the workflow forbids it.",
    "412": "If-Match names an older version than the current one.",
}


def add_error_responses(result, generator, request, public):
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            codes = COMMON | (WRITES if method in {"put", "patch", "delete"} else {})
            for code, text in codes.items():
                operation.setdefault("responses", {}).setdefault(
                    code, {"description": text, "content": {"application/json": {"schema": ERROR}}}
                )
    return result
