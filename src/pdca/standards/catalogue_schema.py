"""The JSON schema of a catalogue file (YAML). docs/catalogue-format.md explains it for authors."""

KEY = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"
TEXT = {"type": "string", "minLength": 1}
TEXT_LIST = {"type": "array", "items": TEXT}

REQUIREMENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "text"],
    "properties": {
        "key": {"type": "string", "pattern": KEY, "maxLength": 200},
        "text": TEXT,
        "guidance": TEXT_LIST,
        "evidence": TEXT_LIST,
        "di": {"enum": ["none", "maintain", "retain", "both"]},
        "extent_necessary": {"type": "boolean"},
        "may_be_na": {"type": "boolean"},
        "key_requirement": {"type": "boolean"},
        "weight": {"type": "integer", "minimum": 1, "maximum": 3},
        "climate": {"type": "boolean"},
    },
}

CLAUSE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["number", "title", "key"],
    "properties": {
        "number": {"type": "string", "pattern": r"^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$", "maxLength": 20},
        "title": {"type": "string", "minLength": 1, "maxLength": 300},
        "key": {"type": "string", "pattern": KEY, "maxLength": 200},
        "specific": {"type": "boolean"},
        "requirements": {"type": "array", "items": REQUIREMENT},
        "clauses": {"type": "array", "items": {"$ref": "#/$defs/clause"}},
    },
}

CATALOGUE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "standard", "clauses"],
    "$defs": {"clause": CLAUSE},
    "properties": {
        "format": {"const": 1},
        "standard": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "edition", "title"],
            "properties": {
                "code": {"type": "string", "pattern": r"^[a-z][a-z0-9-]*$", "maxLength": 40},
                "edition": {"type": "string", "pattern": r"^[A-Za-z0-9.-]+$", "maxLength": 40},
                "title": {"type": "string", "minLength": 1, "maxLength": 300},
                "amendments": TEXT_LIST,
                "discipline": {"type": "string", "maxLength": 40},
            },
        },
        "clauses": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/clause"}},
    },
}

MAPPING = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "mapping", "links"],
    "properties": {
        "format": {"const": 1},
        "mapping": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {"from": TEXT, "to": TEXT},
        },
        "links": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["from", "to", "relation"],
                "properties": {
                    "from": {"type": "string", "pattern": KEY},
                    "to": {"type": "string", "pattern": KEY},
                    "relation": {"enum": ["equivalent", "narrower", "broader", "related", "changed"]},
                    "note": {"type": "string"},
                },
            },
        },
    },
}
