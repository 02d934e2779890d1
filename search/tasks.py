"""Work the admin starts and that may outlast a request: run by the background worker."""

from django.core.management import call_command

from django_tasks import task


@task(backend="background")
def rebuild_search_index():
    """Rebuild both engines' documents and the Elasticsearch index (with current synonyms)."""
    call_command("directory_index", "rebuild", "--no-progress")
