"""Background tasks (django-tasks, database backend): run by `pdca db_worker`."""

from django_tasks import task

from pdca.core.notifications import send_due


@task()
def send_outbox() -> dict:
    """Send what is due; if a retry is pending, schedule this task again for when it is due."""
    result = send_due()
    if result["next_retry"] is not None:
        send_outbox.using(run_after=result["next_retry"]).enqueue()
    return {"sent": result["sent"], "failed": result["failed"]}


@task()
def extract_search_text(content_type_id: int, object_id: int, file_field: str) -> dict:
    """Read an uploaded file's text into its row's search entry (queued by search.index_file_later)."""
    from pdca.core.search import extract_file_text

    return extract_file_text(content_type_id, object_id, file_field)
