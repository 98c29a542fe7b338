"""`{% load risks %}{% linked_risks_card object %}`: the risks of a context issue, interested party,
requirement or process, for those apps' pages (risks.selectors.linked_risks behind it)."""

from django import template

from pdca.risks import selectors

register = template.Library()


@register.inclusion_tag("risks/partials/linked_risks.html", takes_context=True)
def linked_risks_card(context, obj):
    request = context.get("request")
    return {"linked_risks": selectors.linked_risks(obj, getattr(request, "user", None))}
