from django_tasks import task


@task()
def generate_batch(batch_id: int, base: str = "") -> None:
    from .certificates import run_batch

    run_batch(batch_id, base)
