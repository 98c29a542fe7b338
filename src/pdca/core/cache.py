"""Rendered files (reports, exports) kept between requests, under keys that change with their inputs.

A key is built from everything a file is drawn from: ids, versions, row counts, the language, the
day and the code that draws it. Any change to an input gives a new key, so nothing ever has to be
invalidated and a stale file cannot be served; keys nobody asks for any more expire after a day or
are culled when the folder is full.
"""

import functools
import hashlib
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.db.models import Count, Max, Sum, Value


def files() -> FileBasedCache:
    """The store: Django's file-based cache in a folder under MEDIA_ROOT.

    Not the default cache, a LocMemCache private to each process: gunicorn's workers share this
    folder, so a file drawn by one worker is served by the others, and it survives a restart. No
    cache service to run, and no setting: MEDIA_ROOT is the folder every process of a deployment
    already writes to (and tests already give a fresh one). Django writes each entry to a temporary
    file renamed into place, so a worker never reads half a file.
    """
    return FileBasedCache(str(Path(settings.MEDIA_ROOT) / "cache"), {"TIMEOUT": 24 * 60 * 60})


def stamp(*querysets) -> list[tuple]:
    """How many rows, the sum of their versions and the latest update, for each queryset of
    versioned rows (OrgScopedModel), in one query whatever the number of rows.

    A save raises a row's version and its updated_at, a bulk update raises versions, an insert or a
    delete changes the count (an insert also the latest update): any change moves the stamp.
    """
    parts = [
        queryset.order_by()
        .values(part=Value(index))
        .annotate(rows=Count("pk"), versions=Sum("version"), latest=Max("updated_at"))
        .values_list("part", "rows", "versions", "latest")
        for index, queryset in enumerate(querysets)
    ]
    return sorted(parts[0].union(*parts[1:], all=True))  # UNION ALL keeps no order: sorted by part


@functools.cache
def source_version(*packages: str) -> str:
    """A digest of the packages' code and templates, read once per process: a release that changes
    how a file is drawn gives it new keys."""
    digest = hashlib.blake2b(digest_size=8)
    for package in packages:
        root = Path(import_module(package).__file__).parent
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html"}:
                digest.update(path.read_bytes())
    return digest.hexdigest()


def key(*parts) -> str:
    """A cache key from plain values (numbers, strings, dates, lists and dicts of them)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()
