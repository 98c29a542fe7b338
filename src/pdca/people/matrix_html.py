"""The competence matrices as HTML, built in Python: 30,000 cells through the template engine would take
seconds; here each cell is one f-string from values already escaped once per row and column."""

import html

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from pdca.people.choices import Cell
from pdca.people.selectors import Matrix, cell_state

SYMBOL = {
    Cell.MEETS: "✓",
    Cell.BELOW: "↓",
    Cell.MISSING: "✗",
    Cell.EXPIRED: "⌛",
    Cell.EXTRA: "+",
    Cell.NONE: "",
}


def _head(competences) -> str:
    cols = "".join(
        f'<th scope="col" class="mx-col"><span title="{html.escape(cat)}">{html.escape(name)}</span></th>'
        for _pk, name, cat in competences
    )
    return f'<thead><tr><th scope="col">{html.escape(_("Person"))}</th>{cols}</tr></thead>'


def people(matrix: Matrix, profile_url: str) -> SafeString:
    """The people × competences table: each cell shows the level held over the level required, coloured."""
    labels = {c: html.escape(str(c.label)) for c in Cell}
    retrain = html.escape(_("Retraining"))
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
        for competence, _cname, _cat in matrix.competences:
            required = matrix.required.get((person, competence), 0)
            held = matrix.held.get((person, competence))
            state = cell_state(required, held, matrix.today)
            if state == Cell.NONE and held is None:
                cells.append("<td></td>")
                continue
            level = "–" if held is None else held[0]
            req = f"/{required}" if required else ""
            cells.append(f'<td class="mx-{state or "none"}" title="{labels[state]}">{SYMBOL[state]} {level}{req}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head, body = _head(matrix.competences), "".join(rows)
    return mark_safe(f'<table class="table table-sm table-bordered mx">{head}<tbody>{body}</tbody></table>')


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
    return mark_safe(f'<table class="table table-sm table-bordered mx">{head}<tbody>{body}</tbody></table>')
