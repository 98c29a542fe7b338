"""Record types, records and disposal requests through the shared harness: pages and API for every role
and organisation. Records are never edited or deleted (only their legal hold changes)."""

import itertools

from pdca.core.choices import MANAGERS
from pdca.records.models import DisposalRequest, Record, RecordType
from pdca.records.rules import FILERS, HOLDERS, NOBODY, READERS
from pdca.records.services import disposal_request_create
from tests.harness import Resource, ResourceTests
from tests.records.factories import CLAUSE, make_record, make_type, past_retention, upload

_n = itertools.count()


def _type_data(world):
    n = next(_n)
    return {"name": f"Inspection report {n}", "retention_period": 10, "retention_unit": "years", "clause_keys": CLAUSE}


def _type_api_data(world):
    return {**_type_data(world), "clause_keys": [CLAUSE]}


class TestRecordType(ResourceTests):
    resource = Resource(
        model=RecordType,
        url="records:recordtype",
        api="recordtype",
        make=lambda org: make_type(org),
        form_data=_type_data,
        api_data=_type_api_data,
        view_roles=READERS,
        add_roles=MANAGERS,
        extra={"export_value": lambda o: o.name},
    )


def _record_data(world):
    n = next(_n)
    return {
        "title": f"Calibration certificate HG-{n}",
        "record_type": make_type(world.org).pk,
        "record_date": "2025-03-14",
        "file": upload(f"HG-{n}.pdf"),
        # For the legal-hold page, which is all there is to edit on a filed record.
        "legal_hold": "on",
        "legal_hold_reason": f"Customer claim WC-{n}",
    }


def _record_api_data(world):
    n = next(_n)
    return {
        "title": f"Calibration certificate HG-{n}",
        "record_type": make_type(world.org).pk,
        "record_date": "2025-03-14",
        "location": "QA office, cabinet 2",
        "legal_hold_reason": f"Customer claim WC-{n}",
    }


class TestRecord(ResourceTests):
    resource = Resource(
        model=Record,
        url="records:record",
        api="record",
        make=lambda org: make_record(org),
        form_data=_record_data,
        api_data=_record_api_data,
        edit_field="legal_hold_reason",
        view_roles=READERS,
        add_roles=FILERS,
        change_roles=HOLDERS,
        delete_roles=NOBODY,
        foreign_key="record_type",
        extra={"foreign_make": lambda org: make_type(org), "export_value": lambda o: o.number},
    )


def _disposal_data(world):
    return {"records": [past_retention(world.org).pk], "reason": f"Retention over {next(_n)}"}


def _make_disposal(org):
    return disposal_request_create(org=org, data={"records": [past_retention(org)], "reason": "Old"}, by=None)


class TestDisposalRequest(ResourceTests):
    resource = Resource(
        model=DisposalRequest,
        url="records:disposalrequest",
        api="disposalrequest",
        make=_make_disposal,
        form_data=_disposal_data,
        api_data=_disposal_data,
        edit_field="reason",
        view_roles=READERS,
        add_roles=MANAGERS,
        foreign_key="records",
        extra={"foreign_make": lambda org: past_retention(org), "export_value": lambda o: o.number},
    )
