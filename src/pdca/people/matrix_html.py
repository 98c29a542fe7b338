"""The competence matrices as HTML, built in Python: 30,000 cells through the template engine would take
seconds; here each cell is one f-string from values already escaped once per row and column."""

import html

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from pdca.people.choices import Cell
from pdca.people.selectors import Matrix, fast_state

SYMBOL = {
    Cell.MEETS: "✓",
    Cell.BELOW: "↓",
    Cell.MISSING: "✗",
    Cell.EXPIRED: "!",
    Cell.EXTRA: "+",
    Cell.NONE: "",
}


def _head(competences) -> str:
    cols = "".join(
        f'<th scope="col" class="mx-col"><span title="{html.escape(cat)}">{html.escape(name)}</span></th>'
        for _pk, name, cat in competences
    )
    return f'<thead><tr><th scope="col">{html.escape(_("Person"))}</th>{cols}</tr></thead>'


def people(matrix: Matrix, profile_url: str) -> tuple[SafeString, dict[str, int]]:
    """The people × competences table (each cell: level held / level required, coloured, with a symbol)
    and the count of cells per state, in one pass over the cells."""
    retrain = html.escape(_("Retraining"))
    counts = dict.fromkeys(Cell.values, 0)
    # Every possible cell, rendered once: (state, level, required) -> HTML.
    cache: dict = {}
    required, held, expired = matrix.required, matrix.held, matrix.expired
    columns = [c[0] for c in matrix.competences]
    rows = []
    for person, name, site in matrix.people:
        flags = matrix.flags.get(person)
        flag = (
            f' <span class="badge mx-retraining" title="{html.escape(", ".join(flags))}">⟳ {retrain}</span>'
            if flags
            else ""
        )
        roles = html.escape(" · ".join(x for x in (", ".join(matrix.roles.get(person, [])), site) if x))
        cells = [
            f'<th scope="row" class="mx-person"><a href="{profile_url}{person}/">{html.escape(name)}</a>{flag}'
            f'<div class="small text-muted">{roles}</div></th>'
        ]
        for competence in columns:
            key = (person, competence)
            need = required.get(key, 0)
            level = held.get(key)
            state = fast_state(need, level, key in expired)
            counts[state] += 1
            spec = (state, level, need)
            cell = cache.get(spec)
            if cell is None:
                cell = cache[spec] = _cell(state, level, need)
            cells.append(cell)
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head, body = _head(matrix.competences), "".join(rows)
    table = f'<table class="table table-sm table-bordered mx w-auto">{head}<tbody>{body}</tbody></table>'
    return mark_safe(table), counts  # every part is escaped above


def _cell(state: str, level, need: int) -> str:
    if state == Cell.NONE and level is None:
        return "<td></td>"
    shown = "–" if level is None else level
    req = f"/{need}" if need else ""
    return f'<td class="mx-{state or "none"}">{SYMBOL[state]} {shown}{req}</td>'


def roles(roles, competences, levels: dict, list_url: str) -> SafeString:
    """The roles × competences table of required levels."""
    rows = []
    for role, name in roles:
        cells = [f'<th scope="row"><a href="{list_url}{role}/">{html.escape(name)}</a></th>']
        for competence, _name, _cat in competences:
            level = levels.get((role, competence))
            cells.append(f'<td class="mx-req-{level}">{level}</td>' if level else "<td></td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = _head(competences).replace(html.escape(_("Person")), html.escape(_("Role")), 1)
    body = "".join(rows)
    return mark_safe(f'<table class="table table-sm table-bordered mx w-auto">{head}<tbody>{body}</tbody></table>')
