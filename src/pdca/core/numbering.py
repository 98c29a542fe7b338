"""Human-friendly numbers per organisation and prefix: ACT-0007, NC-0042."""

import re

from django.db import transaction

NUMBER_WIDTH = 4


def format_number(prefix: str, value: int) -> str:
    return f"{prefix}-{value:0{NUMBER_WIDTH}d}"


@transaction.atomic
def next_number(org, prefix: str) -> str:
    """The next free number; the row lock keeps two concurrent requests from getting the same one."""
    from pdca.core.models import Sequence

    seq, _ = Sequence.objects.select_for_update().get_or_create(organisation=org, prefix=prefix)
    seq.last_value += 1
    seq.save(update_fields=["last_value"])
    return format_number(prefix, seq.last_value)


@transaction.atomic
def claim_number(org, prefix: str, number: str) -> str:
    """Accept an imported number (e.g. NC-0100 from the old Excel log); later numbers continue after it."""
    from pdca.core.models import Sequence

    match = re.fullmatch(rf"{re.escape(prefix)}-(\d+)", number.strip())
    if match:
        seq, _ = Sequence.objects.select_for_update().get_or_create(organisation=org, prefix=prefix)
        if int(match.group(1)) > seq.last_value:
            seq.last_value = int(match.group(1))
            seq.save(update_fields=["last_value"])
    return number.strip()
