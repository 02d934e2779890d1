"""Running queued background tasks in a test, as `manage.py db_worker` does in production.

The worker checks its database connection between tasks and drops one left
inside a transaction, so tests that use it are transactional
(`pytest.mark.django_db(transaction=True)`).
"""

from django.core.management import call_command


def run_worker():
    """Run every queued background task, then return."""
    call_command(
        "db_worker",
        "--backend",
        "background",
        "--queue-name",
        "*",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )
