"""Reading catalogue files: YAML → validated plain data, with errors that name file, line and field.

Parsing and validation happen completely before anything is written, so a bad file changes
nothing; services.catalogue_import does the writing.
"""

import hashlib
from dataclasses import dataclass, field

import jsonschema
import yaml

from pdca.standards.catalogue_schema import CATALOGUE, MAPPING


@dataclass
class CatalogueError:
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}, {self.path or 'top level'}: {self.message}"


class CatalogueInvalid(Exception):
    """The file is not a valid catalogue; `errors` says where and why."""

    def __init__(self, filename: str, errors: list[CatalogueError]):
        self.filename = filename
        self.errors = errors
        super().__init__(f"{filename}: " + "; ".join(str(e) for e in errors[:5]))


@dataclass
class ParsedCatalogue:
    standard: dict
    clauses: list[dict] = field(default_factory=list)  # flattened, depth-first, with parent_key and depth
    requirements: list[dict] = field(default_factory=list)  # with clause_key
    checksum: str = ""


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _path_text(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(node, path) -> int | None:
    """The line of the YAML node at `path` (keys and indices), or of its nearest existing parent."""
    node = node.get() if isinstance(node, _LazyNode) else node
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            match = node.value[part]
        else:
            match = None
        if match is None:
            break
        node, line = match, match.start_mark.line + 1
    return line


# libyaml's C loader where PyYAML was built with it (the wheels are): many times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LazyNode:
    """The YAML node tree, composed only when an error needs a line number."""

    def __init__(self, text: str):
        self.text, self._node = text, None

    def get(self):
        if self._node is None:
            self._node = yaml.compose(self.text, Loader=LOADER)
        return self._node


def _load_yaml(text: str, filename: str):
    try:
        return yaml.load(text, Loader=LOADER), _LazyNode(text)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogueInvalid(filename, [CatalogueError(mark.line + 1 if mark else None, "", problem)]) from exc


def _schema_errors(data, node, schema) -> list[CatalogueError]:
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [CatalogueError(_line_of(node, e.absolute_path), _path_text(e.absolute_path), e.message) for e in errors]


def parse_catalogue(text: str, filename: str = "catalogue.yaml") -> ParsedCatalogue:
    data, node = _load_yaml(text, filename)
    errors = _schema_errors(data, node, CATALOGUE)
    if errors:
        raise CatalogueInvalid(filename, errors)
    parsed = ParsedCatalogue(standard=data["standard"], checksum=checksum(text))
    errors = []
    _flatten(data["clauses"], None, 0, ["clauses"], parsed, node, errors, set(), set())
    if errors:
        raise CatalogueInvalid(filename, errors)
    return parsed


def _flatten(clauses, parent, depth, path, parsed, node, errors, keys, numbers):
    for i, clause in enumerate(clauses):
        here = [*path, i]
        if clause["key"] in keys:
            errors.append(
                CatalogueError(
                    _line_of(node, [*here, "key"]), _path_text([*here, "key"]), f"key {clause['key']!r} is used twice"
                )
            )
        if clause["number"] in numbers:
            errors.append(
                CatalogueError(
                    _line_of(node, [*here, "number"]),
                    _path_text([*here, "number"]),
                    f"clause {clause['number']!r} appears twice",
                )
            )
        if parent and not clause["number"].startswith(parent["number"] + "."):
            errors.append(
                CatalogueError(
                    _line_of(node, [*here, "number"]),
                    _path_text([*here, "number"]),
                    f"clause {clause['number']} is not inside its parent {parent['number']}",
                )
            )
        keys.add(clause["key"])
        numbers.add(clause["number"])
        parsed.clauses.append(
            {
                "number": clause["number"],
                "title": clause["title"],
                "key": clause["key"],
                "depth": depth,
                "parent_key": parent["key"] if parent else None,
                "is_specific": clause.get("specific", False),
            }
        )
        for j, req in enumerate(clause.get("requirements", [])):
            rpath = [*here, "requirements", j, "key"]
            if req["key"] in keys:
                errors.append(
                    CatalogueError(_line_of(node, rpath), _path_text(rpath), f"key {req['key']!r} is used twice")
                )
            if not req["key"].startswith(clause["key"] + "."):
                errors.append(
                    CatalogueError(
                        _line_of(node, rpath),
                        _path_text(rpath),
                        f"key {req['key']!r} must start with its clause's key {clause['key']}.",
                    )
                )
            keys.add(req["key"])
            parsed.requirements.append({**req, "clause_key": clause["key"]})
        _flatten(clause.get("clauses", []), clause, depth + 1, [*here, "clauses"], parsed, node, errors, keys, numbers)


def parse_mapping(text: str, filename: str = "mapping.yaml") -> dict:
    data, node = _load_yaml(text, filename)
    errors = _schema_errors(data, node, MAPPING)
    if errors:
        raise CatalogueInvalid(filename, errors)
    data["_node"] = node
    return data


def requirement_fields(req: dict) -> dict:
    """Model field values of a parsed requirement."""
    return {
        "text": req["text"],
        "guidance": req.get("guidance", []),
        "evidence": req.get("evidence", []),
        "documented_information": req.get("di", "none"),
        "extent_necessary": req.get("extent_necessary", False),
        "may_be_not_applicable": req.get("may_be_na", False),
        "is_key": req.get("key_requirement", False),
        "weight": req.get("weight", 2),
        "climate": req.get("climate", False),
    }
