"""Directory editors and moderators, and the review every listing goes through.

Editors create and edit listings and submit them; moderators publish. The
"Directory review" workflow on the home page sends every submission to the
moderators.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Directory editors"
MODERATORS = "Directory moderators"

SNIPPET_PERMISSIONS = {
    EDITORS: [("directory", "location", ["add", "change"]),
              ("directory", "organization", ["add", "change"])],
    MODERATORS: [("directory", "location", ["add", "change", "delete"]),
                 ("directory", "organization", ["add", "change", "delete"]),
                 ("directory", "category", ["add", "change", "delete"]),
                 ("directory", "directorysettings", ["change"])],
}
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "unlock_page"],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    home = Page.objects.filter(depth=2, slug="home").first()
    root_collection = Collection.objects.filter(depth=1).first()
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")

    groups = {}
    for name in (EDITORS, MODERATORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(admin_access)
        for app_label, model, actions in SNIPPET_PERMISSIONS[name]:
            for action in actions:
                group.permissions.add(Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"))
        if home is not None:
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home,
                    permission=Permission.objects.get(content_type=page_type, codename=codename),
                )
        if root_collection is not None:
            # Location photos and organization logos.
            for codename in ("add_image", "choose_image"):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailimages", codename=codename),
                )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name="Directory moderator approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name="Directory moderator approval", content_type=task_type, active=True
        )
    task.groups.set([groups[MODERATORS]])
    workflow, created = Workflow.objects.get_or_create(
        name="Directory review", defaults={"active": True}
    )
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if home is not None:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name="Directory review").delete()
    Group.objects.filter(name__in=[EDITORS, MODERATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_seed_categories"),
        ("home", "0002_create_homepage"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
