"""Imports run in the background worker (`manage.py db_worker --backend background`),
so a file of thousands of meetings never holds up a web request."""

from django.contrib.auth import get_user_model

from django_tasks import task

from imports import runs
from imports.models import ImportRun


@task(backend="background")
def check_import(run_id):
    run = ImportRun.objects.get(pk=run_id)
    try:
        runs.check(run)
    except Exception as error:
        runs.fail(run, error)
        raise


@task(backend="background")
def apply_import(run_id, user_id=None):
    run = ImportRun.objects.get(pk=run_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        runs.apply(run, user)
    except Exception as error:
        runs.fail(run, error)
        raise
