"""Starter documents shipped with pdca (data/templates/*.md, our own wording), copied into a register."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from pdca.core import services as core
from pdca.core.exceptions import ValidationFailed
from pdca.documents import services

FOLDER = Path(__file__).parent / "data" / "templates"


@dataclass(frozen=True)
class Starter:
    name: str  # the file's stem, e.g. "quality-policy"
    title: str
    doc_type: str
    clauses: tuple[str, ...]
    summary: str
    markdown: str


def _load(path: Path) -> Starter:
    _head, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    return Starter(
        name=path.stem,
        title=meta["title"],
        doc_type=meta["type"],
        clauses=tuple(meta.get("clauses", [])),
        summary=meta.get("summary", ""),
        markdown=body.strip() + "\n",
    )


@cache
def all_starters() -> tuple[Starter, ...]:
    return tuple(_load(path) for path in sorted(FOLDER.glob("*.md")))


def find(name: str) -> Starter | None:
    return next((s for s in all_starters() if s.name == name), None)


def copy_into_register(starter: Starter, *, org, by, owner=None):
    """A new draft document from `starter`, owned by the person copying it (or `owner`)."""
    owner = owner or (core.person_for_user(org, by) if by is not None else None)
    if owner is None:
        raise ValidationFailed({"owner": [_("Your login is not linked to a person of this organisation.")]})
    data = {"title": starter.title, "doc_type": starter.doc_type, "owner": owner, "clauses": list(starter.clauses)}
    return services.document_create(org=org, data=data, by=by, markdown=starter.markdown)
