"""Services of the document master list: asked for from the register, drawn by the worker.

Apart from services.py, which holds the documents' own workflow: this only reads the register and keeps
the PDF it draws.
"""

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core.services import require
from pdca.documents import pdf, selectors
from pdca.documents.choices import MasterListStatus
from pdca.documents.models import Document, MasterListJob

log = logging.getLogger(__name__)
KEPT_FOR = datetime.timedelta(days=7)


@transaction.atomic
def master_list_request(*, org, filters: dict, by) -> MasterListJob:
    """Ask for the master list of the register filtered by `filters` (the register's query parameters);
    the worker draws it (tasks.build_master_list). Lists asked for more than a week ago are deleted."""
    require(by, "add", MasterListJob, org)
    job = MasterListJob(organisation=org, requested_by=by, filters=selectors.master_list_filters(filters))
    job.full_clean()
    job.save()
    _prune(org)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from pdca.documents.tasks import build_master_list

    build_master_list.enqueue(job_id)


def _prune(org) -> None:
    old = list(MasterListJob.objects.for_org(org).filter(created_at__lt=timezone.now() - KEPT_FOR))
    names = [job.file.name for job in old if job.file]
    MasterListJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    storage = MasterListJob._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def master_list_build(job_id: int) -> MasterListJob:
    """Draw a master list that is waiting, recording its progress as it goes; a job already taken is left
    alone (a task run twice draws it once). The documents are those its requester may see."""
    taken = MasterListJob.objects.filter(pk=job_id, status=MasterListStatus.QUEUED)
    if not taken.update(status=MasterListStatus.RUNNING):
        return MasterListJob.objects.get(pk=job_id)
    job = MasterListJob.objects.select_related("organisation", "requested_by").get(pk=job_id)
    documents = (
        selectors.visible_documents(job.organisation, job.requested_by)
        if job.requested_by
        else Document.objects.for_org(job.organisation)
    )
    queryset, criteria = selectors.master_list_documents(documents, job.filters)
    try:
        data = pdf.master_list(job.organisation, queryset, criteria=criteria, progress=_recorder(job_id))
    except Exception:  # the progress page must learn the outcome, whatever it is
        log.exception("Master list %s could not be drawn", job_id)
        _set(job_id, status=MasterListStatus.FAILED, error=_("The master list could not be drawn."))
        return MasterListJob.objects.get(pk=job_id)
    job.file.save("master-list.pdf", ContentFile(data), save=False)
    _set(job_id, status=MasterListStatus.DONE, file=job.file.name)
    return MasterListJob.objects.get(pk=job_id)


def _recorder(job_id: int):
    def progress(done: int, total: int) -> None:
        MasterListJob.objects.filter(pk=job_id).update(done=done, total=total)

    return progress


def _set(job_id: int, **fields) -> None:
    MasterListJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **fields)
