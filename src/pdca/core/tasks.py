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
