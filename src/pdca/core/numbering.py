"""Human-friendly numbers per organisation and prefix: ACT-0007, NC-0042."""

import re

from django.db import transaction

# Digits of the running part unless a caller (documents, per organisation) asks for another width.
NUMBER_WIDTH = 4


def format_number(prefix: str, value: int, width: int = NUMBER_WIDTH) -> str:
    """QP-004 for width 3; a value too long for the width keeps all its digits (QP-1000)."""
    return f"{prefix}-{value:0{width}d}"


@transaction.atomic
def next_number(org, prefix: str, *, width: int = NUMBER_WIDTH) -> str:
    """The next free number; the row lock keeps two concurrent requests from getting the same one."""
    from pdca.core.models import Sequence

    seq, _ = Sequence.objects.select_for_update().get_or_create(organisation=org, prefix=prefix)
    seq.last_value += 1
    seq.save(update_fields=["last_value"])
    return format_number(prefix, seq.last_value, width)


def upcoming_number(org, prefix: str, *, width: int = NUMBER_WIDTH) -> str:
    """The number next_number would give now, without taking it: an example to show, not to use."""
    from pdca.core.models import Sequence

    last = Sequence.objects.filter(organisation=org, prefix=prefix).values_list("last_value", flat=True).first()
    return format_number(prefix, (last or 0) + 1, width)


@transaction.atomic
def claim_number(org, prefix: str, number: str) -> str:
    """Accept an imported number (e.g. NC-0100 from the old Excel log); later numbers continue after it.

    Only the digits count, so the sequence continues whatever width the imported number or the
    organisation's scheme has (QP-0100, then QP-101 with three digits)."""
    from pdca.core.models import Sequence

    match = re.fullmatch(rf"{re.escape(prefix)}-(\d+)", number.strip())
    if match:
        seq, _ = Sequence.objects.select_for_update().get_or_create(organisation=org, prefix=prefix)
        if int(match.group(1)) > seq.last_value:
            seq.last_value = int(match.group(1))
            seq.save(update_fields=["last_value"])
    return number.strip()
