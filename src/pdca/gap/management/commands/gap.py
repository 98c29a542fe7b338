"""`pdca gap report ID --format pdf|docx|xlsx [--output FILE]`: a gap report for the operator.

Reading needs no member to act as (nothing changes, nothing goes into the trail), like the
other operator commands; the assessment is found by its id across organisations.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from pdca.gap.models import Assessment

FORMATS = ("pdf", "docx", "xlsx")


def _builder(fmt: str):
    from pdca.gap import excel, reports  # WeasyPrint and python-docx load only when a report is made

    return {"pdf": reports.pdf, "docx": reports.docx, "xlsx": excel.export}[fmt]


class Command(BaseCommand):
    # argparse needs a real string for the description; gettext_noop still marks it for translators.
    help = gettext_noop("Gap analysis reports (server operator).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("report", help=gettext_lazy("Write an assessment's report or Excel checklist."))
        report.add_argument(
            "assessment_id", metavar="ID", type=int, help=gettext_lazy("The assessment's id (as in its address).")
        )
        report.add_argument("--format", choices=FORMATS, required=True, dest="fmt")
        report.add_argument("--output", help=gettext_lazy("File to write; default <organisation>-<number>.<format>."))

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_report(self, assessment_id, fmt, output=None, **_options):
        assessment = Assessment.objects.select_related("organisation", "standard").filter(pk=assessment_id).first()
        if assessment is None:
            raise CommandError(_("No gap assessment with the id %(id)s.") % {"id": assessment_id})
        path = Path(output or f"{assessment.organisation.slug}-{assessment.number}.{fmt}")
        try:
            path.write_bytes(_builder(fmt)(assessment))
        except OSError as exc:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
        self.stdout.write(str(path))
