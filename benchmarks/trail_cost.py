"""What writing one trail entry adds to a save, measured in-process (no HTTP) on DATABASE_URL's database.

Saves one Site of the benchmark organisation N times with the change-log signal connected and N
times with it disconnected (alternating rounds, so that drift in the machine's load hits both
alike), each save in its own transaction like a service call, each changing a field so that the
connected save really writes an entry. Prints the result as JSON (or writes it to --out).
Run generate.py first: it needs the organisation and the `bench` login.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdca.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402

from pdca.core import trail  # noqa: E402
from pdca.core.models import Organisation, Site, TrailEntry, User  # noqa: E402
from pdca.core.signals import record_save  # noqa: E402

PROBE_SITE = "Save-cost probe"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--org", default="bench")
    p.add_argument("--username", default="bench")
    p.add_argument("--saves", type=int, default=300, help="saves with and without the trail, each (default: 300)")
    p.add_argument("--round", type=int, default=25, help="saves per round before switching (default: 25)")
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--out", type=Path)
    return p.parse_args(argv)


def trail_connected(on: bool) -> None:
    if on:
        post_save.connect(record_save, dispatch_uid="pdca_trail_save")
    else:
        post_save.disconnect(record_save, dispatch_uid="pdca_trail_save")


def main(argv=None) -> int:
    args = parse_args(argv)
    org = Organisation.objects.get(slug=args.org)
    user = User.objects.get(username=args.username)
    with trail.acting(user, source="web"):
        site = Site.objects.filter(organisation=org, name=PROBE_SITE).first()
        if site is None:
            site = Site(organisation=org, name=PROBE_SITE, headcount=0)
            site.save()
        counter = site.headcount

        def save_once() -> tuple[float, float]:
            """(whole save with its commit, the commit alone) in seconds."""
            nonlocal counter
            counter += 1
            site.headcount = counter % 100000
            start = time.perf_counter()
            with transaction.atomic():
                site.save()
                body_done = time.perf_counter()
            end = time.perf_counter()
            return end - start, end - body_done

        before = TrailEntry.objects.filter(organisation=org, object_id=site.pk, object_label=PROBE_SITE).count()
        times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        try:
            for on in (True, False):
                trail_connected(on)
                for _ in range(args.warmup):
                    save_once()
            rounds = max(1, -(-args.saves // args.round))
            for r in range(rounds * 2):
                on = r % 2 == 0
                trail_connected(on)
                for _ in range(min(args.round, args.saves - len(times[on]))):
                    times[on].append(save_once())
        finally:
            trail_connected(True)
        written = (
            TrailEntry.objects.filter(organisation=org, object_id=site.pk, object_label=PROBE_SITE).count() - before
        )

    def ms(values):
        return round(1000 * values, 3)

    result = {"vendor": connection.vendor, "saves_each": args.saves, "trail_entries_written": written}
    for on, name in ((True, "with_trail"), (False, "without_trail")):
        whole = [t for t, _c in times[on]]
        result[f"{name}_mean_ms"] = ms(statistics.fmean(whole))
        result[f"{name}_median_ms"] = ms(statistics.median(whole))
        result[f"{name}_commit_mean_ms"] = ms(statistics.fmean(c for _t, c in times[on]))
    for stat in ("mean", "median", "commit_mean"):
        result[f"added_{stat}_ms"] = round(result[f"with_trail_{stat}_ms"] - result[f"without_trail_{stat}_ms"], 3)
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text)
    if not args.out:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
