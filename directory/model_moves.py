"""Migration steps for moving a model to another app without losing a row.

A move is three steps: the new app takes the model into its state while the
table stays where it is (SeparateDatabaseAndState with no database step), the
content type follows (move_content_type, so pages, permissions and revisions
keep pointing at the same row), and AlterModelTable gives the table the new
app's name. The old app then drops the model from its state only.
"""

from django.db import migrations


def move_content_type(model, old_app, new_app):
    """A RunPython step that gives `model`'s content type to `new_app` (and back)."""

    def relabel(source, target):
        def step(apps, schema_editor):
            content_types = apps.get_model("contenttypes", "ContentType")
            if content_types.objects.filter(app_label=target, model=model).exists():
                return
            content_types.objects.filter(app_label=source, model=model).update(app_label=target)

        return step

    return migrations.RunPython(relabel(old_app, new_app), relabel(new_app, old_app))
