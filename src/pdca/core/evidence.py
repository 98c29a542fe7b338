"""Where the documented information the standard asks for lives: the mandatory checklist (7.5).

The catalogue marks each requirement that needs documented information: "maintain" (a document),
"retain" (a record) or both, some only "to the extent necessary". Apps declare what can serve as
such evidence with `register(Source(...))` in their AppConfig.ready():

- tagged rows: an effective controlled document, a filed record… counts for a requirement when it
  carries a clause tag with the requirement's key or a key above it (a procedure tagged
  hs.improvement.nonconformity covers hs.improvement.nonconformity.records.results), short of a
  whole top-level clause (hs.operation is too broad to be evidence of anything in particular);
- registers: a pdca register (the QMS scope, the process register, the objectives) that *is* the
  documented information for fixed keys, once it holds at least one row in the right state.

`checklist(org, standard)` answers, for every such requirement, which evidence exists and whether
it is missing; a requirement needed only "to the extent necessary" is advice, never a failure. The
number of queries is fixed: one for the requirements and one per declared source.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from pdca.core.models import ClauseTag

MAINTAIN, RETAIN = "maintain", "retain"


@dataclass(frozen=True)
class Source:
    """One kind of evidence. `live(queryset)` narrows the model's rows to those that count (e.g. effective)."""

    kind: str  # MAINTAIN or RETAIN
    label: str
    model: str  # "app_label.ModelName"
    live: Callable[[QuerySet], QuerySet] = lambda queryset: queryset
    keys: tuple[str, ...] = ()  # empty: rows count through their clause tags; else the keys a register serves
    list_url_name: str = ""  # the page listing the rows; gets ?clause=<key> for tagged sources

    def model_class(self):
        return apps.get_model(self.model)


SOURCES: list[Source] = []
# Functions org -> ids of the requirements it declared not applicable (the gap app's list, 4.3): such a
# requirement needs no documented information and is never shown as missing.
EXCLUSIONS: list[Callable] = []


def register(source: Source) -> None:
    if source not in SOURCES:
        SOURCES.append(source)


def register_exclusions(not_applicable: Callable) -> None:
    if not_applicable not in EXCLUSIONS:
        EXCLUSIONS.append(not_applicable)


@dataclass
class Item:
    """One requirement of the checklist and the evidence found for it."""

    requirement: object
    needs: set[str]
    found: dict[str, list[tuple[Source, int]]] = field(default_factory=dict)
    not_applicable: bool = False

    @property
    def advisory(self) -> bool:
        return self.requirement.extent_necessary

    @property
    def missing(self) -> list[str]:
        return [kind for kind in (MAINTAIN, RETAIN) if kind in self.needs and not self.found.get(kind)]

    @property
    def browse_key(self) -> str:
        """The broadest key that can count for this requirement: lists filtered by it show every match."""
        return min(covering_keys(self.requirement.key), key=len)

    @property
    def status(self) -> str:
        if self.not_applicable:
            return "not_applicable"
        if not self.missing:
            return "present"
        return "advice" if self.advisory else "missing"


STATUS_LABELS = {
    "present": _("In place"),
    "missing": _("Missing"),
    "advice": _("Advice: only if needed"),
    "not_applicable": _("Not applicable"),
}


def checklist(org, standard) -> list[Item]:
    """Every requirement of `standard` that asks for documented information, with what serves as it."""
    from pdca.standards.models import Requirement

    requirements = list(
        Requirement.objects.filter(standard=standard)
        .exclude(documented_information="none")
        .select_related("clause")
        .order_by("position")
    )
    excluded = _excluded(org)
    items = [Item(r, _needs(r.documented_information), not_applicable=r.pk in excluded) for r in requirements]
    return _with_evidence(org, items)


def item_for(org, requirement) -> Item | None:
    """The checklist's line for one requirement (the gap analysis shows it beside the score), or None."""
    if requirement.documented_information == "none":
        return None
    excluded = requirement.pk in _excluded(org)
    item = Item(requirement, _needs(requirement.documented_information), not_applicable=excluded)
    return _with_evidence(org, [item])[0]


def _excluded(org) -> set[int]:
    return set().union(*(not_applicable(org) for not_applicable in EXCLUSIONS))


def _with_evidence(org, items: list[Item]) -> list[Item]:
    covering = {item.requirement.key: covering_keys(item.requirement.key) for item in items}
    keys = set().union(*covering.values()) if covering else set()
    for source in SOURCES:
        counts = _counts(org, source, keys)
        for item in items:
            count = sum(counts.get(key, 0) for key in covering[item.requirement.key])
            if count:
                item.found.setdefault(source.kind, []).append((source, count))
    return items


def covering_keys(key: str) -> set[str]:
    """The key and those above it, down to a clause below the top level: a.b.c.d → a.b.c.d, a.b.c."""
    parts = key.split(".")
    return {".".join(parts[:n]) for n in range(3, len(parts) + 1)}


def _needs(documented_information: str) -> set[str]:
    return {MAINTAIN, RETAIN} if documented_information == "both" else {documented_information}


def _counts(org, source: Source, keys: set[str]) -> dict[str, int]:
    """Rows of `source` that count, by key: one query."""
    model = source.model_class()
    rows = source.live(model.objects.filter(organisation=org))
    if source.keys:
        return dict.fromkeys(source.keys, 1) if rows.exists() else {}
    tags = ClauseTag.objects.filter(
        organisation=org,
        content_type=ContentType.objects.get_for_model(model),
        key__in=keys,
        object_id__in=rows.values("pk"),
    )
    return dict(tags.values_list("key").annotate(n=Count("*")).values_list("key", "n"))


def summary(items: list[Item]) -> dict[str, int]:
    return {status: sum(1 for i in items if i.status == status) for status in STATUS_LABELS}
