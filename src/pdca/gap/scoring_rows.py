"""The scoring screen's rows as HTML, built in Python.

The screen can show every requirement of a standard at once (306 for ISO 9001). As a template include a
row cost ~0.4 ms, which alone broke the page's budget (issue #3: the full catalogue in ≤ 30 ms); built
here it costs a few microseconds. The markup is what pdca.js (keys 0–4, J/K), htmx and the browser
tests rely on: `article[data-row]`, `.score-buttons` posting `score` and `version`, `details` loading
`.row-details`. Every text goes through `html.escape` (Django's lazy-aware wrapper costs more per call
and no text here is lazy once `gettext` has run).
"""

from dataclasses import dataclass
from html import escape

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from pdca.core.models import Action
from pdca.gap.choices import Score


@dataclass(frozen=True, slots=True)
class Row:
    pk: int
    version: int
    applicable: bool
    score: int | None
    has_notes: bool
    action_number: str | None
    clause: str
    text: str
    key: str
    is_key: bool
    documented_information: str


def row_of(response) -> Row:
    """The row of a Response loaded with its requirement, clause and action (after a save: no query)."""
    requirement = response.requirement
    return Row(
        pk=response.pk,
        version=response.version,
        applicable=response.applicable,
        score=response.score,
        has_notes=bool(response.evidence or response.gap),
        action_number=response.action.number if response.action_id else None,
        clause=requirement.clause.number,
        text=requirement.text,
        key=requirement.key,
        is_key=requirement.is_key,
        documented_information=requirement.documented_information,
    )


ROW_FIELDS = (
    "pk",
    "version",
    "applicable",
    "score",
    "has_notes",
    "action_number",
    "requirement__clause__number",
    "requirement__text",
    "requirement__key",
    "requirement__is_key",
    "requirement__documented_information",
)


def rows(queryset) -> list[Row]:
    """The rows of a Response queryset, in its order: one query, tuples rather than model instances."""
    has_notes = ExpressionWrapper(~Q(evidence="") | ~Q(gap=""), output_field=BooleanField())
    # A subquery, not a join: most rows have no action, and PostgreSQL answered the join by hashing the
    # whole action register (10 ms with 20,000 actions) where 306 index look-ups take a fraction of that.
    action_number = Subquery(Action.objects.filter(pk=OuterRef("action_id")).values("number")[:1])
    rows = queryset.annotate(has_notes=has_notes, action_number=action_number).values_list(*ROW_FIELDS)
    return [Row(*values) for values in rows]


class RowRenderer:
    """Everything that is the same for every row (words, URLs, permission) worked out once per page."""

    def __init__(self, org, *, can_score: bool):
        self.base = escape(reverse("gap:response_update", kwargs={"org_slug": org.slug, "pk": 0}).removesuffix("0/"))
        self.can_score = can_score
        self.words = {
            "key": escape(_("key")),
            "di": escape(_("documented information")),
            "na": escape(_("not applicable")),
            "score": escape(_("Score")),
            "notes": escape(_("Has notes")),
            "more": escape(_("Guidance, evidence and gap")),
            "loading": escape(_("Loading…")),
        }
        self.scores = [value for value, _label in Score.choices]

    def html(self, rows: list[Row], *, error: str = "") -> SafeString:
        return mark_safe("".join(self.row(r, error=error) for r in rows))  # every part is escaped below

    def row(self, r: Row, *, error: str = "") -> str:
        w, url = self.words, f"{self.base}{r.pk}/"
        badges = "".join(
            (
                f' <span class="badge badge-key">{w["key"]}</span>' if r.is_key else "",
                f' <span class="badge badge-di">{w["di"]}</span>' if r.documented_information != "none" else "",
                f' <span class="badge text-bg-secondary">{w["na"]}</span>' if not r.applicable else "",
                f' <span class="text-muted" title="{w["notes"]}">✎</span>' if r.has_notes else "",
                f' <span class="badge text-bg-light border">{escape(r.action_number)}</span>'
                if r.action_number
                else "",
            )
        )
        alert = (
            f'<div class="alert alert-danger py-1 px-2 mt-2 mb-0 small" role="alert">{escape(error)}</div>'
            if error
            else ""
        )
        return (
            f'<article class="card mb-2 gap-row{"" if r.applicable else " opacity-75"}" id="r-{r.pk}" tabindex="0" '
            f'data-row aria-labelledby="r-{r.pk}-h"><div class="card-body py-2">'
            '<div class="d-flex flex-wrap gap-2 align-items-start justify-content-between">'
            '<div class="flex-grow-1" style="max-width: 54rem">'
            f'<h3 class="h6 mb-1" id="r-{r.pk}-h"><span class="text-muted me-1">{escape(r.clause)}</span>'
            f"{escape(r.text)}</h3>"
            f'<div class="small"><code class="text-muted">{escape(r.key)}</code>{badges}</div></div>'
            f"{self.buttons(r, url) if r.applicable else ''}</div>{alert}"
            f'<details class="mt-1" hx-get="{url}" hx-trigger="toggle once" hx-target="find .row-details">'
            f'<summary class="small">{w["more"]}</summary>'
            f'<div class="row-details small text-muted">{w["loading"]}</div>'
            "</details></div></article>"
        )

    def buttons(self, r: Row, url: str) -> str:
        post = f' hx-post="{url}" hx-target="#r-{r.pk}" hx-swap="outerHTML"' if self.can_score else ""
        buttons = []
        for value in self.scores:
            action = f'name="score" value="{value}"' if self.can_score else 'type="button" disabled'
            state = (
                'btn-primary" aria-pressed="true' if r.score == value else 'btn-outline-primary" aria-pressed="false'
            )
            buttons.append(f'<button {action} class="btn {state}" data-score="{value}">{value}</button>')
        return (
            f'<form class="btn-group btn-group-sm score-buttons" role="group" aria-label="{self.words["score"]}"{post}>'
            f'<input type="hidden" name="version" value="{r.version}">{"".join(buttons)}</form>'
        )


def clause_links(results) -> SafeString:
    """The screen's side list: each top-level clause, then each sub-clause, with answered/applicable.

    Built here for the same reason as the rows: some 100 links cost several milliseconds as a template loop.
    """
    clause = escape(_("Clause"))
    top = [
        f'<a class="d-flex justify-content-between text-decoration-none fw-semibold" href="?clause={escape(n)}">'
        f'<span>{clause} {escape(n)}</span><span class="text-muted">{f.answered}/{f.applicable}</span></a>'
        for n, f in results.by_clause.items()
    ]
    subclauses = sorted(results.by_subclause.items(), key=lambda kv: [int(p) for p in kv[0].split(".")])
    sub = [
        f'<a class="d-flex justify-content-between text-decoration-none py-0" href="?clause={escape(n)}">'
        f'<span>{escape(n)}</span><span class="text-muted">{f.answered}/{f.applicable}</span></a>'
        for n, f in subclauses
    ]
    return mark_safe("".join(top) + '<hr class="my-2">' + "".join(sub))  # every part is escaped above
