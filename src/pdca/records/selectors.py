"""Reads shared by the record pages, API and demo: joins chosen so query counts stay flat."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _

from pdca.core.exceptions import ValidationFailed
from pdca.core.models import Attachment
from pdca.records.models import Record, RecordLink


def file_of(record: Record) -> Attachment | None:
    """The record's stored file (None for a paper record, or once disposed of)."""
    ct = ContentType.objects.get_for_model(Record)
    return Attachment.objects.filter(
        organisation_id=record.organisation_id, content_type=ct, object_id=record.pk
    ).first()


def links_of(record: Record) -> list[RecordLink]:
    return list(record.links.select_related("content_type").order_by("id"))


def chain_of(record: Record) -> list[Record]:
    """The record with every record of its correction chain, oldest first (one query)."""
    root = record.original_id or record.pk
    return list(
        Record.objects.filter(Q(pk=root) | Q(original_id=root), organisation_id=record.organisation_id).order_by("id")
    )


def link_url(link: RecordLink, org) -> str:
    """The linked row's page, reversed without loading it ("" where the model has no page)."""
    from django.urls import NoReverseMatch, reverse

    ct = link.content_type
    try:
        return reverse(f"{ct.app_label}:{ct.model}_detail", kwargs={"org_slug": org.slug, "pk": link.object_id})
    except NoReverseMatch:
        return ""


# Rows a form may link by their number (people are chosen from a list).
NUMBERED = ("core.action", "gap.assessment", "documents.document")


def by_numbers(org, text: str, *, field: str = "references") -> list:
    """The actions, gap assessments and documents named by their numbers (ACT-0004, GAP-0002, QP-0007)."""
    from django.apps import apps

    wanted = [n.strip() for n in (text or "").replace(";", ",").split(",") if n.strip()]
    found = {}
    for label in NUMBERED:
        model = apps.get_model(label)
        for obj in model.objects.filter(organisation=org, number__in=wanted):
            found.setdefault(obj.number, obj)
    missing = [n for n in wanted if n not in found]
    if missing:
        raise ValidationFailed({field: [_("Nothing here has the number %(n)s.") % {"n": ", ".join(missing)}]})
    return [found[n] for n in dict.fromkeys(wanted)]
