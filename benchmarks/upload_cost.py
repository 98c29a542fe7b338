"""A 5 MB PDF uploaded as a document revision, with its text extracted for search, timed in-process.

The issue's case: "upload of a 5 MB PDF including text extraction ≤ 2 s". The PDF is made here, as a
real procedure would look: ~80 steps of text, each with a photo (random pixels, which do not compress),
5 MB and 160 pages. Each run creates a draft document in the second benchmark organisation, uploads
the file through documents.services.revision_upload (content sniffing, the damaged-file check, storage,
SHA-256, the search entry) and then runs the background task's work, search.extract_file_text, as the
worker would. Prints JSON (or writes it to --out); run generate.py first.
"""

import argparse
import base64
import json
import os
import statistics
import struct
import sys
import time
import zlib
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdca.settings")

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from pdca.core import search  # noqa: E402
from pdca.core.models import Organisation, Person  # noqa: E402
from pdca.documents import services  # noqa: E402
from pdca.documents.models import DocumentRevision  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--org", default="bench-other")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--pdf", type=Path, help="the PDF to upload (default: made once under PDCA_VAR)")
    p.add_argument("--out", type=Path)
    return p.parse_args(argv)


def photo(width: int, height: int) -> bytes:
    """A PNG of random pixels: incompressible, like a photo, so the file really weighs 5 MB."""
    raw = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")


def make_pdf(path: Path) -> None:
    from weasyprint import HTML

    words = " ".join(f"Calibrate the CMM probe {i} against the gauge blocks and record the result." for i in range(60))
    steps = "".join(
        f'<div style="page-break-after: always"><h2>Step {n}</h2><p>{words}</p>'
        f'<img src="data:image/png;base64,{base64.b64encode(photo(150, 150)).decode()}"></div>'
        for n in range(80)
    )
    path.write_bytes(HTML(string=f"<h1>Calibration procedure</h1>{steps}").write_pdf())


def main(argv=None) -> int:
    args = parse_args(argv)
    path = args.pdf or Path(os.environ.get("PDCA_VAR", "var")) / "upload-5mb.pdf"
    if not path.exists():
        make_pdf(path)
    data = path.read_bytes()
    org = Organisation.objects.get(slug=args.org)
    owner = Person.objects.filter(organisation=org).first()
    revision_type = ContentType.objects.get_for_model(DocumentRevision).pk
    uploads, extractions, totals, chars = [], [], [], 0
    for run in range(args.runs + 1):  # the first run warms imports and is not counted
        document = services.document_create(
            org=org, data={"title": f"Upload probe {run}", "doc_type": "procedure", "owner": owner}, by=None
        )
        revision = document.revisions.get()
        start = time.perf_counter()
        services.revision_upload(revision, upload=SimpleUploadedFile("procedure.pdf", data), by=None)
        uploaded = time.perf_counter()
        chars = search.extract_file_text(revision_type, revision.pk, "file.file")["chars"]
        done = time.perf_counter()
        services.document_delete(document, by=None)
        if run:
            uploads.append(uploaded - start)
            extractions.append(done - uploaded)
            totals.append(done - start)
    result = {
        "file_mb": round(len(data) / 2**20, 2),
        "runs": args.runs,
        "upload_median_s": round(statistics.median(uploads), 3),
        "extraction_median_s": round(statistics.median(extractions), 3),
        "total_median_s": round(statistics.median(totals), 3),
        "total_max_s": round(max(totals), 3),
        "chars_extracted": chars,
    }
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
