"""Demo records for Harrow: the suggested record types, and about two dozen records of every type
(calibration, gauge checks, training, inspection, internal audit, management review), linked to the
people, actions, documents and gap analysis they are about; one corrected, one on legal hold, one
kept on paper, several past their retention, one disposed of (asked by the quality manager, approved
by the managing director) and one disposal waiting for approval. Idempotent: a record whose title
exists is left alone, and the disposals are made once."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pdca.core import trail
from pdca.core.dates import add_months
from pdca.core.models import Action
from pdca.documents.models import Document
from pdca.gap.models import Assessment
from pdca.records import services
from pdca.records.models import DisposalRequest, Record, RecordType

CALIBRATION, CHECK, TRAINING = "Calibration certificate", "Gauge check sheet", "Training certificate"
INSPECTION, AUDIT, REVIEW = "Inspection report", "Internal audit report", "Management review minutes"
PAPER = "QA office, Leeds: cabinet 2, drawer B"

# (title, type, months ago, linked people, linked action/document titles, note)
RECORDS = [
    (
        "CMM Zeiss Contura calibration certificate",
        CALIBRATION,
        3,
        ["Joseph Adeyemi"],
        ["Calibration of measuring equipment"],
        "",
    ),
    ("Height gauge HG-03 calibration certificate", CALIBRATION, 5, ["Joseph Adeyemi"], [], ""),
    ("Micrometer set M-01 to M-12 calibration certificates", CALIBRATION, 9, [], [], ""),
    ("Torque wrench TW-07 calibration certificate", CALIBRATION, 80, ["Paul Kershaw"], [], ""),
    ("CMM calibration certificate (previous probe head)", CALIBRATION, 96, [], [], "dispose"),
    ("Gauge check sheet, Leeds cell 2, last month", CHECK, 1, ["Emma Cartwright"], [], ""),
    ("Gauge check sheet, Leeds cell 2, two years ago", CHECK, 24, ["Emma Cartwright"], [], ""),
    ("Gauge check sheet, Sheffield test bench", CHECK, 20, ["Katie Sutcliffe"], [], ""),
    ("Forklift licence, Ian Stott", TRAINING, 14, ["Ian Stott"], [], ""),
    (
        "ISO 19011 internal auditor course, Tomasz Nowak",
        TRAINING,
        7,
        ["leadauditor"],
        ["Train both internal auditors on ISO 19011 audit techniques"],
        "",
    ),
    ("CMM programming course, Joseph Adeyemi", TRAINING, 18, ["Joseph Adeyemi"], [], ""),
    ("Haas VF-2 operator training, Aisha Begum", TRAINING, 4, ["operator"], [], ""),
    ("First aid at work, Karen Holt", TRAINING, 90, ["Karen Holt"], [], "ask"),
    (
        "FAI report FAI-2211, hydraulic manifold HM-220",
        INSPECTION,
        1,
        ["Emma Cartwright"],
        ["Record first-article inspection for the new hydraulic manifold", "First article inspection report"],
        "",
    ),
    ("Final inspection, batch 4471 HM-220", INSPECTION, 2, ["Gemma Rowe"], [], ""),
    ("Final inspection, batch 3980 HM-200 (warranty claim)", INSPECTION, 30, ["Gemma Rowe"], [], "hold"),
    ("Goods-in inspection, bar stock heat 77812", INSPECTION, 6, ["Beverley Crook"], ["Goods-in inspection"], ""),
    ("Final inspection, batch 1207 (old pump housing)", INSPECTION, 130, [], [], ""),
    ("Internal audit report IA-2025-01, production", AUDIT, 5, ["leadauditor", "production"], [], ""),
    ("Internal audit report IA-2025-02, purchasing", AUDIT, 2, ["auditor"], ["Purchasing and supplier approval"], ""),
    ("Internal audit report 2017, old quality system", AUDIT, 100, ["quality"], [], ""),
    ("Management review minutes, March", REVIEW, 8, ["md", "opsdirector", "quality"], [], "gap"),
    ("Management review minutes, September", REVIEW, 2, ["md", "opsdirector", "quality"], [], "gap"),
    ("Management review minutes 2018", REVIEW, 88, ["md"], [], "paper"),
]
CORRECTION = "Height gauge HG-03 calibration certificate (corrected serial number)"


def _pdf(title: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title, "/Producer": "pdca demo"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _upload(title: str) -> SimpleUploadedFile:
    name = "".join(c if c.isalnum() else "-" for c in title).strip("-")[:80] + ".pdf"
    return SimpleUploadedFile(name, _pdf(title), content_type="application/pdf")


def load_demo(org, people) -> None:
    with trail.acting(None, source="demo"):
        if not RecordType.objects.for_org(org).exists():
            services.record_types_copy_defaults(org=org, by=None)
        types = {t.name: t for t in RecordType.objects.for_org(org)}
        existing = {r.title: r for r in Record.objects.for_org(org)}
        for title, type_name, months, who, what, note in RECORDS:
            if title not in existing:
                existing[title] = _file(org, people, title, types[type_name], months, who, what, note)
        if CORRECTION not in existing:
            original = existing["Height gauge HG-03 calibration certificate"]
            services.record_file(
                org=org,
                by=None,
                data=_data(CORRECTION, original.record_type, original.record_date, "Serial number was HG-08 in error."),
                upload=_upload(CORRECTION),
                links=[people["Joseph Adeyemi"]],
                corrects=original,
            )
    if not DisposalRequest.objects.for_org(org).exists():
        _disposals(org, people, existing)


def _data(title, record_type, day, description="", location="") -> dict:
    return {
        "title": title,
        "record_type": record_type,
        "record_date": day,
        "description": description,
        "location": location,
    }


def _file(org, people, title, record_type, months, who, what, note) -> Record:
    day = add_months(timezone.localdate(), -months)
    links = [people[name] for name in who] + _targets(org, what)
    if note == "gap":
        links += list(Assessment.objects.for_org(org).order_by("assessed_on")[:1])
    paper = note == "paper"
    record = services.record_file(
        org=org,
        by=None,
        data=_data(title, record_type, day, location=PAPER if paper else ""),
        upload=None if paper else _upload(title),
        links=links,
    )
    if note == "hold":
        reason = "Customer warranty claim WC-118 on batch 3980: keep until the claim is settled."
        services.record_hold_set(record, hold=True, reason=reason, by=None)
    return record


def _targets(org, titles) -> list:
    actions = list(Action.objects.for_org(org).filter(title__in=titles))
    documents = list(Document.objects.for_org(org).filter(title__in=titles))
    return actions + documents


def _disposals(org, people, records) -> None:
    quality, md = people["quality"].user, people["md"].user
    with trail.acting(quality, source="demo"):
        done = services.disposal_request_create(
            org=org,
            data={
                "records": [records[t] for t, *_rest, note in RECORDS if note == "dispose"],
                "reason": "Retention over.",
            },
            by=quality,
        )
    with trail.acting(md, source="demo"):
        services.disposal_request_approve(done, by=md, note="Checked: no claim or audit needs it.")
    with trail.acting(quality, source="demo"):
        services.disposal_request_create(
            org=org,
            data={"records": [records[t] for t, *_rest, note in RECORDS if note == "ask"], "reason": "Retention over."},
            by=quality,
        )
