"""The context charts, drawn with core.charts' SVG primitives: the issues by heading (a PESTLE and
internal profile) and the compliance status of the legal register."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pdca.context.choices import EXTERNAL_CATEGORIES, IssueCategory
from pdca.core.charts import INK, MUTED, TRACK, attrs, n, svg, text

EFFECT_COLOURS = {"negative": "#c62828", "both": "#6f42c1", "positive": "#2e7d32"}
RESULT_COLOURS = {
    "compliant": "#2e7d32",
    "partly": "#9e7c0c",
    "not_compliant": "#c62828",
    "never": "#adb5bd",
}
LEFT, WIDTH, ROW = 180, 330, 24


def issue_profile(counts: dict[tuple[str, str], int]) -> SafeString:
    """Current issues per heading, external (PESTLE, market) then internal, each bar split by effect.

    `counts` maps (category, effect) to a number of issues. Every count is also written, so colour never
    carries the meaning alone."""
    title = _("Context issues by heading")
    external = [c for c in IssueCategory if c in EXTERNAL_CATEGORIES]
    internal = [c for c in IssueCategory if c not in EXTERNAL_CATEGORIES]
    totals = {c.value: sum(v for (cat, _e), v in counts.items() if cat == c.value) for c in IssueCategory}
    if not any(totals.values()):
        message = _("No current issues yet.")
        return svg(560, 40, title, message, [text(280, 24, message, text_anchor="middle", fill=MUTED)], "ctx-chart")
    most = max(totals.values())
    body, y = [], 8
    for heading, categories in ((_("External"), external), (_("Internal"), internal)):
        body.append(text(4, y + 12, heading, font_weight="bold", fill=INK))
        y += 20
        for category in categories:
            body += _profile_row(category, counts, totals[category.value], most, y)
            y += ROW
        y += 6
    body += _legend(y + 8)
    desc = "; ".join(f"{c.label}: {totals[c.value]}" for c in IssueCategory if totals[c.value])
    return svg(560, y + 20, title, desc, body, "ctx-chart ctx-chart-profile")


def _profile_row(category, counts, total: int, most: int, y: float) -> list[str]:
    parts = [
        text(LEFT - 8, y + 12, category.label, text_anchor="end", fill=INK, font_size=11),
        f"<rect {attrs(x=LEFT, y=y, width=WIDTH, height=16, fill=TRACK)}/>",
    ]
    x = LEFT
    for effect, colour in EFFECT_COLOURS.items():
        value = counts.get((category.value, effect), 0)
        if value:
            width = WIDTH * value / most
            parts.append(f"<rect {attrs(x=n(x), y=y, width=n(width), height=16, fill=colour)}/>")
            x += width
    parts.append(text(LEFT + WIDTH + 8, y + 12, total, fill=INK if total else MUTED, font_weight="bold"))
    return parts


def _legend(y: float) -> list[str]:
    labels = {"negative": _("risk"), "both": _("both"), "positive": _("opportunity")}
    parts, x = [], LEFT
    for effect, colour in EFFECT_COLOURS.items():
        parts.append(f"<rect {attrs(x=x, y=y - 9, width=12, height=10, fill=colour)}/>")
        parts.append(text(x + 16, y, labels[effect], font_size=10, fill=INK))
        x += 100
    return parts


def compliance_bar(counts: dict[str, int], overdue: int) -> SafeString:
    """One stacked bar: requirements that apply by their last result (never checked in grey), and how many
    checks are overdue."""
    title = _("Compliance status")
    labels = {
        "compliant": _("compliant"),
        "partly": _("partly compliant"),
        "not_compliant": _("not compliant"),
        "never": _("never checked"),
    }
    total = sum(counts.values())
    if not total:
        message = _("No requirement in the register yet.")
        return svg(560, 40, title, message, [text(280, 24, message, text_anchor="middle", fill=MUTED)], "ctx-chart")
    body, x, width = [], 8.0, 544
    for key, colour in RESULT_COLOURS.items():
        value = counts.get(key, 0)
        if value:
            part = width * value / total
            body.append(f"<rect {attrs(x=n(x), y=8, width=n(part), height=22, fill=colour)}/>")
            x += part
    legend_x = 8
    for key, colour in RESULT_COLOURS.items():
        body.append(f"<rect {attrs(x=legend_x, y=42, width=12, height=10, fill=colour)}/>")
        label = f"{labels[key]}: {counts.get(key, 0)}"
        body.append(text(legend_x + 16, 51, label, font_size=11, fill=INK))
        legend_x += 30 + 7 * len(label)
    overdue_text = _("%(n)s check(s) overdue") % {"n": overdue}
    body.append(text(8, 74, overdue_text, font_size=11, fill="#c62828" if overdue else MUTED, font_weight="bold"))
    desc = "; ".join(f"{labels[k]}: {counts.get(k, 0)}" for k in RESULT_COLOURS) + f"; {overdue_text}"
    return svg(560, 84, title, desc, body, "ctx-chart ctx-chart-compliance")
