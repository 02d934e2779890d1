"""Locations and organizations go through the "Directory review" workflow.

Editors keep adding and changing them, now as drafts they submit; moderators
publish them (the publish permission) or approve the submission.
"""

from django.db import migrations

MODERATORS = "Directory moderators"
MODELS = ("location", "organization")


def review_places_and_organizations(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    workflow = Workflow.objects.filter(name="Directory review").first()
    moderators = Group.objects.filter(name=MODERATORS).first()
    for model in MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label="directory", model=model)
        # Wagtail also makes this permission after every migrate; the group needs it now.
        publish, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"publish_{model}",
            defaults={"name": f"Can publish {model}"},
        )
        if moderators is not None:
            moderators.permissions.add(publish)
        if workflow is not None:
            WorkflowContentType.objects.update_or_create(
                content_type=content_type, defaults={"workflow": workflow}
            )


def undo(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__in=ContentType.objects.filter(app_label="directory", model__in=MODELS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_places_and_organizations_drafts"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(review_places_and_organizations, undo)]
