"""Writing catalogues: shipped ones (global, read-only) and an organisation's own (private).

An import is one transaction: parse and validate everything first, then upsert clauses and
requirements by their stable keys, so ids (and everything that later points at them) survive a
re-import of a corrected file.
"""

from importlib import resources

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pdca.core import trail
from pdca.core.choices import TrailAction
from pdca.core.exceptions import ValidationFailed
from pdca.core.services import require
from pdca.standards.catalogue import (
    CatalogueInvalid,
    ParsedCatalogue,
    checksum,
    parse_catalogue,
    parse_mapping,
    requirement_fields,
)
from pdca.standards.models import Clause, Requirement, RequirementMapping, Standard

SHIPPED_CATALOGUES = ("iso9001-2015.yaml",)


def shipped_files() -> list[tuple[str, str]]:
    data = resources.files("pdca.standards") / "data"
    return [(name, (data / name).read_text(encoding="utf-8")) for name in SHIPPED_CATALOGUES]


def catalogue_sync_shipped(*, using: str = "default") -> list[Standard]:
    """Load or refresh the catalogues shipped with pdca; unchanged files are skipped."""
    loaded = []
    for name, text in shipped_files():
        # Compare checksums before parsing: validating the whole file takes a second or two.
        current = Standard.objects.using(using).filter(organisation=None, source_checksum=checksum(text)).first()
        if current is not None:
            loaded.append(current)
            continue
        parsed = parse_catalogue(text, name)
        with transaction.atomic(using=using):
            loaded.append(_write(parsed, org=None, using=using))
    return loaded


def catalogue_import(*, org, text: str, filename: str, by) -> Standard:
    """Import an organisation's own catalogue from YAML; raises CatalogueInvalid and writes nothing if bad."""
    require(by, "add", Standard, org)
    parsed = parse_catalogue(text, filename)
    slug = _slug(parsed)
    if Standard.objects.filter(organisation=None, slug=slug).exists():
        raise ValidationFailed(
            {
                "standard.code": [
                    _("%(slug)s is a catalogue shipped with pdca and cannot be replaced; give yours another code.")
                    % {"slug": slug}
                ]
            }
        )
    with transaction.atomic(), trail.acting(by, source="import"):
        standard = _write(parsed, org=org)
        trail.record_event(
            standard,
            action=TrailAction.IMPORT,
            changes={
                "file": {"new": filename},
                "clauses": {"new": len(parsed.clauses)},
                "requirements": {"new": len(parsed.requirements)},
            },
        )
    return standard


def _slug(parsed: ParsedCatalogue) -> str:
    return slugify(f"{parsed.standard['code']}-{parsed.standard['edition']}")


def _write(parsed: ParsedCatalogue, *, org, using: str = "default") -> Standard:
    info = parsed.standard
    standard, _created = Standard.objects.using(using).update_or_create(
        organisation=org,
        slug=_slug(parsed),
        defaults={
            "code": info["code"],
            "edition": info["edition"],
            "title": info["title"],
            "amendments": info.get("amendments", []),
            "discipline": info.get("discipline", ""),
            "source_checksum": parsed.checksum,
        },
    )
    clauses = _upsert_clauses(standard, parsed.clauses, using)
    _upsert_requirements(standard, parsed.requirements, clauses, using)
    return standard


def _upsert_clauses(standard, rows: list[dict], using) -> dict[str, Clause]:
    existing = {c.key: c for c in Clause.objects.using(using).filter(standard=standard)}
    wanted = {row["key"] for row in rows}
    Clause.objects.using(using).filter(standard=standard).exclude(key__in=wanted).delete()
    # Numbers must stay unique while they move between clauses: park the survivors first.
    for clause in existing.values():
        if clause.key in wanted:
            clause.number = f"~{clause.pk}"
    Clause.objects.using(using).bulk_update([c for c in existing.values() if c.key in wanted], ["number"])
    by_key = {}
    for position, row in enumerate(rows):
        clause = existing.get(row["key"]) or Clause(standard=standard, key=row["key"])
        clause.parent = by_key.get(row["parent_key"])
        clause.number, clause.title, clause.depth = row["number"], row["title"], row["depth"]
        clause.position, clause.is_specific = position, row["is_specific"]
        clause.save(using=using)
        by_key[row["key"]] = clause
    return by_key


def _upsert_requirements(standard, rows: list[dict], clauses: dict[str, Clause], using) -> None:
    existing = {r.key: r for r in Requirement.objects.using(using).filter(standard=standard)}
    wanted = {row["key"] for row in rows}
    Requirement.objects.using(using).filter(standard=standard).exclude(key__in=wanted).delete()
    new, changed = [], []
    for position, row in enumerate(rows):
        fields = {**requirement_fields(row), "clause": clauses[row["clause_key"]], "position": position}
        req = existing.get(row["key"])
        if req is None:
            new.append(Requirement(standard=standard, key=row["key"], **fields))
        else:
            for name, value in fields.items():
                setattr(req, name, value)
            changed.append(req)
    Requirement.objects.using(using).bulk_create(new)
    if changed:
        Requirement.objects.using(using).bulk_update(changed, [*requirement_fields(rows[0]), "clause", "position"])


@transaction.atomic
def mapping_import(*, text: str, filename: str) -> int:
    """Load links between two standards' requirements (e.g. iso9001-2015 → iso9001-2026); operator only."""
    data = parse_mapping(text, filename)
    sides = {}
    for side in ("from", "to"):
        slug = data["mapping"][side]
        sides[side] = Standard.objects.filter(organisation=None, slug=slug).first()
        if sides[side] is None:
            raise CatalogueInvalid(filename, [_error(data, ["mapping", side], f"unknown standard {slug!r}")])
    keys = {
        side: dict(Requirement.objects.filter(standard=std).values_list("key", "pk")) for side, std in sides.items()
    }
    links, errors = [], []
    for i, link in enumerate(data["links"]):
        for side in ("from", "to"):
            if link[side] not in keys[side]:
                errors.append(_error(data, ["links", i, side], f"unknown requirement {link[side]!r}"))
        if not errors:
            links.append(
                RequirementMapping(
                    source_id=keys["from"][link["from"]],
                    target_id=keys["to"][link["to"]],
                    relation=link["relation"],
                    note=link.get("note", ""),
                )
            )
    if errors:
        raise CatalogueInvalid(filename, errors)
    RequirementMapping.objects.filter(source__standard=sides["from"], target__standard=sides["to"]).delete()
    RequirementMapping.objects.bulk_create(links)
    return len(links)


def _error(data, path, message):
    from pdca.standards.catalogue import CatalogueError, _line_of, _path_text

    return CatalogueError(_line_of(data["_node"], path), _path_text(path), message)
