"""Work the admin starts and that may outlast a request."""

from django.core.management import call_command

from django_tasks import task


@task()
def rebuild_search_index():
    """Rebuild both engines' documents and the Elasticsearch index (with current synonyms)."""
    call_command("directory_index", "rebuild", "--no-progress")
