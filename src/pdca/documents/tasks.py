"""Background tasks of the documents app (django-tasks, database backend): run by `pdca db_worker`."""

from django_tasks import task


@task()
def build_master_list(job_id: int) -> dict:
    """Draw a document master list asked for from the register (documents.masterlist)."""
    from pdca.documents.masterlist import master_list_build

    job = master_list_build(job_id)
    return {"status": job.status, "documents": job.total}
